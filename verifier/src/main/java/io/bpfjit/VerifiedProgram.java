package io.bpfjit;

import java.util.List;

/**
 * A program the {@link Verifier} accepted, with the facts it established. Engines accept only this
 * type, so no engine ever runs an unchecked program. Immutable.
 */
public final class VerifiedProgram {
  private final BpfProgram program;
  private final VerifierOptions options;
  private final Opcode[] opcodes;

  /**
   * Bit pc of word pc / 64 set when pc is reachable (words past the last set bit may be absent).
   */
  private final long[] reachable;

  private final boolean backwardJumps;
  private final int scratchUsed;
  private final int scratchReadBeforeWrite;

  VerifiedProgram(
      BpfProgram program,
      VerifierOptions options,
      Opcode[] opcodes,
      long[] reachable,
      boolean backwardJumps,
      int scratchUsed,
      int scratchReadBeforeWrite) {
    this.program = program;
    this.options = options;
    this.opcodes = opcodes;
    this.reachable = reachable;
    this.backwardJumps = backwardJumps;
    this.scratchUsed = scratchUsed;
    this.scratchReadBeforeWrite = scratchReadBeforeWrite;
  }

  /** The program as given. */
  public BpfProgram program() {
    return program;
  }

  /** The options it was verified with. */
  public VerifierOptions options() {
    return options;
  }

  /** The instructions. */
  public List<RawInstruction> instructions() {
    return program.instructions();
  }

  /** Number of instructions. */
  public int size() {
    return program.size();
  }

  /** The canonical opcode at {@code pc} (never null: the verifier checked it). */
  public Opcode opcode(int pc) {
    return opcodes[pc];
  }

  /** The instruction at {@code pc}. */
  public RawInstruction get(int pc) {
    return program.get(pc);
  }

  /**
   * The pcs control may go to after {@code pc}: none for a return, the target of {@code ja}, the
   * true then the false target of a conditional jump, otherwise {@code pc + 1}. A fresh array.
   */
  public int[] successors(int pc) {
    return Verifier.successors(pc, program.get(pc), opcodes[pc]);
  }

  /** Whether some path from pc 0 reaches {@code pc}. */
  public boolean isReachable(int pc) {
    return Verifier.isSet(reachable, pc);
  }

  /**
   * True if a reachable {@code ja} jumps to itself or an earlier pc (a loop; docs/semantics.md
   * section 4).
   */
  public boolean hasBackwardJumps() {
    return backwardJumps;
  }

  /** Taken backward jumps a run may make; jump number budget + 1 makes the run return 0. */
  public int backwardJumpBudget() {
    return options.backwardJumpBudget();
  }

  /** Bit i set when a reachable instruction reads or writes {@code M[i]}. */
  public int scratchUsedMask() {
    return scratchUsed;
  }

  /** Bit i set when some path reads {@code M[i]} before writing it (it reads the initial 0). */
  public int scratchReadBeforeWriteMask() {
    return scratchReadBeforeWrite;
  }

  @Override
  public String toString() {
    return program.toString();
  }
}
