package io.bpfjit;

/**
 * What the verifier accepts (docs/semantics.md sections 3–5): a profile, a maximum length and the
 * budget of taken backward jumps per run (A.4). Immutable; the {@code with*} methods return copies.
 */
public record VerifierOptions(Profile profile, int maxLength, int backwardJumpBudget) {
  /** Longest program any profile accepts. */
  public static final int MAX_LENGTH = 65_535;

  /** Longest program the STRICT profile accepts. */
  public static final int STRICT_MAX_LENGTH = 4_096;

  /** Taken backward jumps a run may make before it returns 0. */
  public static final int DEFAULT_BACKWARD_JUMP_BUDGET = 8_192;

  /** Acceptance rules. */
  public enum Profile {
    /** What libpcap 1.10's {@code bpf_validate} accepts, less non-canonical opcodes. */
    LIBPCAP,
    /** Kernel-style: also no backward jumps, shifts &lt; 32, no uninitialised scratch reads. */
    STRICT,
  }

  /** Checks the ranges. */
  public VerifierOptions {
    if (profile == null) {
      throw new NullPointerException("profile");
    }
    int cap = profile == Profile.STRICT ? STRICT_MAX_LENGTH : MAX_LENGTH;
    if (maxLength < 1 || maxLength > cap) {
      throw new IllegalArgumentException(
          "maxLength " + maxLength + " is out of range [1, " + cap + "] for " + profile);
    }
    if (backwardJumpBudget < 0) {
      throw new IllegalArgumentException("backwardJumpBudget " + backwardJumpBudget + " < 0");
    }
  }

  /** The default: LIBPCAP, 65,535 instructions, 8,192 backward jumps. */
  public static VerifierOptions libpcap() {
    return new VerifierOptions(Profile.LIBPCAP, MAX_LENGTH, DEFAULT_BACKWARD_JUMP_BUDGET);
  }

  /** STRICT, 4,096 instructions. */
  public static VerifierOptions strict() {
    return new VerifierOptions(Profile.STRICT, STRICT_MAX_LENGTH, DEFAULT_BACKWARD_JUMP_BUDGET);
  }

  /** A copy with another maximum length. */
  public VerifierOptions withMaxLength(int n) {
    return new VerifierOptions(profile, n, backwardJumpBudget);
  }

  /** A copy with another backward-jump budget. */
  public VerifierOptions withBackwardJumpBudget(int budget) {
    return new VerifierOptions(profile, maxLength, budget);
  }
}
