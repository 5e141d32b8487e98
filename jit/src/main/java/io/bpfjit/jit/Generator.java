package io.bpfjit.jit;

import io.bpfjit.VerifiedProgram;
import io.bpfjit.jit.internal.FaultInjection;
import io.bpfjit.jit.internal.PlantedBug;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Runs the pipeline of {@link BpfJit}'s stages and defines the classes it makes: a filter's class,
 * its buffer class and its batch class. Apart from {@link BpfJit} so that compiling a filter, which
 * generates nothing until the filter has done enough work, does not load (and verify) the generator
 * and the parts of ASM its exception handling names: a short job in a fresh JVM loads neither.
 */
final class Generator {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final int MIN_BUDGET = 16;

  private Generator() {}

  /**
   * What generates a filter's class, made when the generation starts: a short job that never
   * generates never loads its class.
   */
  static Supplier<JitFilter.Generated> generation(VerifiedProgram program, JitOptions options) {
    return new Generation(program, options);
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

  /**
   * The value of a generation, or what it threw (unwrapped). Here, not in {@link JitFilter}: the
   * handler's exception class would be loaded to verify the filter class in every fresh JVM.
   */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
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
