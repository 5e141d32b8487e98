package io.bpfjit.jit;

import io.bpfjit.BpfProgram;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;

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
 * {@link Generator} runs the stages; {@code compile} itself only makes the filter, which runs on
 * the shared first tier until its class is worth generating ({@link JitFilter}).
 *
 * <pre>{@code
 * PacketFilter f = BpfJit.compile(BpfProgram.parse(tcpdumpDdd));
 * boolean hit = f.matches(packet);
 * }</pre>
 */
public final class BpfJit {
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
    return new JitFilter(program, options);
  }
}
