package io.bpfjit;

/**
 * A program the verifier rejects: {@link #pc()} (0-based; -1 for whole-program errors), {@link
 * #reason()} and the instruction. Message shape: {@code pc 7 (jeq #0x800 jt 9 jf 0): jump target 17
 * is past the end (length 12)}.
 */
public final class InvalidProgramException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why a program was rejected. */
  public enum Reason {
    /** No instructions. */
    EMPTY,
    /** More instructions than the profile allows. */
    TOO_LONG,
    /** Not one of the 49 canonical opcodes. */
    UNKNOWN_OPCODE,
    /** A jump target at or past the end of the program. */
    JUMP_OUT_OF_RANGE,
    /** A scratch index k ≥ 16. */
    BAD_SCRATCH,
    /** {@code div #0} or {@code mod #0}. */
    DIV_BY_ZERO,
    /** The last instruction is not {@code ret #k} or {@code ret a}. */
    NO_FINAL_RET,
    /** STRICT: a jump to an earlier (or the same) instruction. */
    BACKWARD_JUMP,
    /** STRICT: {@code lsh/rsh #k} with k ≥ 32. */
    SHIFT_OUT_OF_RANGE,
    /** STRICT: a scratch read that some path reaches before any write. */
    UNINITIALIZED_SCRATCH,
    /** STRICT: an absolute load at a Linux ancillary offset (k ≥ 0xfffff000). */
    ANCILLARY_LOAD,
  }

  private final int pc;
  private final Reason reason;
  private final transient RawInstruction insn;

  /** A rejection at {@code pc} (-1 and a null instruction for whole-program errors). */
  public InvalidProgramException(int pc, RawInstruction insn, Reason reason, String detail) {
    super(message(pc, insn, detail));
    this.pc = pc;
    this.insn = insn;
    this.reason = reason;
  }

  private static String message(int pc, RawInstruction insn, String detail) {
    if (pc < 0 || insn == null) {
      return "program: " + detail;
    }
    return "pc " + pc + " (" + describe(insn, pc) + "): " + detail;
  }

  /**
   * The instruction as text with raw jump fields: {@code jeq #0x800 jt 9 jf 0}, {@code ja +12},
   * {@code unimp 0x8c}.
   */
  static String describe(RawInstruction insn, int pc) {
    Opcode op = insn.opcode();
    if (op == Opcode.JA) {
      return "ja +" + Integer.toUnsignedString(insn.k());
    }
    String text = insn.toText(pc);
    if (op != null && op.isConditionalJump()) {
      text = text.replaceFirst("\\s+jt .*$", "") + " jt " + insn.jt() + " jf " + insn.jf();
    }
    return text.replaceAll("\\s+", " ").strip();
  }

  /** The 0-based pc of the rejected instruction, or -1 for whole-program errors. */
  public int pc() {
    return pc;
  }

  /** Why the program was rejected. */
  public Reason reason() {
    return reason;
  }

  /** The rejected instruction, or {@code null} for whole-program errors. */
  public RawInstruction insn() {
    return insn;
  }
}
