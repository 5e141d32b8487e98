package io.bpfjit.jit;

/**
 * One step of a region method after lowering: an instruction, or a pseudo-op the driver emits
 * itself. {@code operand} is the caplen of a {@link Kind#GUARD_LEN} or the target pc of a {@link
 * Kind#JUMP}.
 */
record LirOp(Kind kind, int pc, long operand) {
  /** What the driver does. */
  enum Kind {
    /** Bind pc's label and its JVM line number. */
    LABEL,
    /** {@code if (caplen < operand) return 0}. */
    GUARD_LEN,
    /** {@code if (X == 0) return 0} (before {@code div x} / {@code mod x}). */
    GUARD_X_NONZERO,
    /** {@code return 0} unconditionally (a read no caplen can satisfy). */
    REJECT,
    /** The instruction at pc, through its emitter ({@link Emitters}). */
    INSN,
    /** Continue at pc {@code operand} in another method (falling off the end of a region). */
    JUMP,
    /**
     * The chain of {@code jeq #k} that starts at pc as one {@code lookupswitch} ({@link
     * SwitchPlan}).
     */
    SWITCH,
  }

  static LirOp of(Kind kind, int pc) {
    return new LirOp(kind, pc, 0);
  }
}
