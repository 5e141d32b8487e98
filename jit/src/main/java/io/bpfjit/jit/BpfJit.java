package io.bpfjit.jit;

import io.bpfjit.BpfProgram;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FaultInjection;
import io.bpfjit.jit.internal.PlantedBug;
import java.lang.invoke.MethodHandles;
import java.util.function.Supplier;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Compiles a verified classic-BPF program to a hidden class whose methods HotSpot compiles to
 * native code. The pipeline, each stage testable alone:
 *
 * <ol>
 *   <li>{@link ControlFlow} — successors, predecessors, jump targets, after {@link
 *       io.bpfjit.jit.internal.Threading} has sent edges past reloads and compares that earlier
 *       ones decided;
 *   <li>{@link BoundsPlan} — grouped caplen checks, indexed by pc; {@link RegionPlan} — the split
 *       into methods below HotSpot's 8,000-byte limit;
 *   <li>{@link Lowering} — each region as a list of typed steps ({@link Lir}): labels, guards,
 *       loads, ALU steps, branches and gotos with their targets, returns, switches;
 *   <li>emission — the driver in {@link ClassAssembler} binds labels and places frames where the
 *       steps jump, a per-step emitter ({@link LoadEmitters}, {@link AluEmitters}, {@link
 *       JumpEmitters}) writes each;
 *   <li>definition — {@code Lookup.defineHiddenClass} (not strongly reachable from its loader, so
 *       the class unloads once the filter is unreachable).
 * </ol>
 *
 * <pre>{@code
 * PacketFilter f = BpfJit.compile(BpfProgram.parse(tcpdumpDdd));
 * boolean hit = f.matches(packet);
 * }</pre>
 */
public final class BpfJit {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final int MIN_BUDGET = 16;

  private BpfJit() {}

  /** Verifies with the default options, then compiles. */
  public static JitFilter compile(BpfProgram program) {
    return compile(Verifier.verify(program), JitOptions.defaults());
  }

  /** Compiles with the default options. */
  public static JitFilter compile(VerifiedProgram program) {
    return compile(program, JitOptions.defaults());
  }

  /** Compiles a verified program. */
  public static JitFilter compile(VerifiedProgram program, JitOptions options) {
    return new JitFilter(program, options, new Generation(program, options));
  }

  /**
   * Generates and defines a filter's class. A class rather than a lambda: the first lambda costs a
   * fresh JVM milliseconds of bootstrap, and a short job creates just this one.
   */
  private record Generation(VerifiedProgram program, JitOptions options)
      implements Supplier<JitFilter.Generated> {
    @Override
    public JitFilter.Generated get() {
      ClassAssembler.Assembled out = generate(program, options, ClassAssembler.Kind.FILTER);
      JitCode code = (JitCode) define(out.bytes());
      return new JitFilter.Generated(
          new JitFilter.Info(program, options, out.bytes(), out.methodSizes()), code);
    }
  }

  /**
   * The buffer class of a compiled filter: the same regions reading a {@code ByteBuffer} in place
   * (see {@link JitBufferCode}).
   */
  static JitBufferCode defineBuffer(VerifiedProgram program, JitOptions options) {
    return (JitBufferCode) define(generate(program, options, ClassAssembler.Kind.BUFFER).bytes());
  }

  /** The batch loops' class of a compiled filter (the same regions; see {@link JitBulk}). */
  static ClassAssembler.Assembled generateBulk(JitFilter.Info info) {
    return generate(info.program(), info.options(), ClassAssembler.Kind.BULK);
  }

  static JitBulk defineBulk(JitFilter.Info info) {
    return (JitBulk) define(generateBulk(info).bytes());
  }

  /**
   * Runs the pipeline up to the class file, with the budget raised where it would give so many
   * regions that a chain of calls through them could overflow the stack. If a method comes out over
   * HotSpot's limit (the estimate was too low), plans again with half the budget. Deterministic:
   * the batch class gets the same regions as its filter.
   */
  private static ClassAssembler.Assembled generate(
      VerifiedProgram program, JitOptions options, ClassAssembler.Kind kind) {
    ControlFlow cfg = ControlFlow.of(program);
    PlantedBug bug = FaultInjection.planted();
    BoundsPlan bounds = BoundsPlan.plan(cfg, options.groupBoundsChecks(), bug);
    int argSlots = RegionSignature.argSlots(program);
    int budget =
        RegionPlan.depthBounded(
            cfg, options.methodBudget(), argSlots + 1, JitOptions.DEFAULT_METHOD_BUDGET);
    boolean loopCuts = options.splitLoops();
    while (true) {
      RegionPlan regions = RegionPlan.plan(cfg, budget, argSlots + 1, loopCuts);
      ClassAssembler.Assembled out;
      try {
        out = new ClassAssembler(kind, cfg, bounds, regions, bug).assemble();
      } catch (MethodTooLargeException e) {
        out = null;
      }
      if (out != null && out.largest() <= JitOptions.HOTSPOT_HUGE_METHOD_LIMIT) {
        return out;
      }
      if (!loopCuts && program.hasBackwardJumps()) {
        // Perhaps a loop too large for one method: cut inside loops, run them via the trampoline.
        loopCuts = true;
      } else if (budget > MIN_BUDGET) {
        budget = Math.max(MIN_BUDGET, budget / 2);
      } else {
        throw new IllegalStateException("cannot split the program below the JVM's method limit");
      }
    }
  }

  private static Object define(byte[] classBytes) {
    try {
      return JitRuntime.define(LOOKUP, classBytes);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("defining the generated class failed", e);
    }
  }
}
