package io.bpfjit.jit.internal;

/**
 * Deliberate miscompilations, for proving that the differential fuzzer finds real JIT bugs. Only
 * the fuzzer's own tests set anything but {@link #NONE}.
 */
public enum PlantedBug {
  /** Correct code. */
  NONE,
  /** {@code jgt}/{@code jge} compare signed instead of unsigned. */
  SIGNED_COMPARE,
  /** Every bounds guard checks one byte too few. */
  BOUNDS_OFF_BY_ONE,
  /** {@code lsh x}/{@code rsh x} use Java's {@code X & 31} instead of "X ≥ 32 gives 0". */
  SHIFT_BY_X_MASKED,
  /**
   * Bounds grouping merges branches with max instead of min: a read on one branch is checked above
   * the branch, so the other branch's non-zero return is lost on short packets.
   */
  HOIST_PAST_RETURN,
}
