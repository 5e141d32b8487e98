package io.bpfjit.jit;

/**
 * Knobs of the JIT. {@code methodBudget} is the estimated bytecode size at which the program is
 * split into another method; HotSpot does not compile methods over 8,000 bytes, so the default
 * stays well below that, and the compiler re-splits with a smaller budget if a method still comes
 * out too large. Tests and the fuzzer lower it to force the multi-method path on small programs.
 *
 * @param methodBudget estimated bytecode bytes per generated method (≥ 1)
 * @param groupBoundsChecks whether to replace per-load bounds checks by grouped ones (§ BoundsPlan)
 * @param splitLoops cut methods inside backward-jump loops too (a loop then runs through a
 *     trampoline); the compiler does this by itself when a loop is too large for one method
 * @param tiered run packets through the shared first tier until the generated class, made and
 *     warmed up in the background, is faster (see {@link JitFilter}); off, {@code compile} makes
 *     the class and it runs from the first packet
 */
public record JitOptions(
    int methodBudget, boolean groupBoundsChecks, boolean splitLoops, boolean tiered) {
  /** HotSpot's {@code HugeMethodLimit}: larger methods are never compiled. */
  public static final int HOTSPOT_HUGE_METHOD_LIMIT = 8_000;

  /** The default budget: leaves room for the estimate's error below 8,000 bytes. */
  public static final int DEFAULT_METHOD_BUDGET = 6_000;

  /** Checks the budget. */
  public JitOptions {
    if (methodBudget < 1) {
      throw new IllegalArgumentException("methodBudget " + methodBudget + " < 1");
    }
  }

  /** The defaults: 6,000-byte budget, grouped bounds checks, tiered. */
  public static JitOptions defaults() {
    return new JitOptions(DEFAULT_METHOD_BUDGET, true, false, true);
  }

  /** A copy with another method budget. */
  public JitOptions withMethodBudget(int bytes) {
    return new JitOptions(bytes, groupBoundsChecks, splitLoops, tiered);
  }

  /** A copy that may cut methods inside loops (forces the trampoline; for tests and fuzzing). */
  public JitOptions withSplitLoops(boolean on) {
    return new JitOptions(methodBudget, groupBoundsChecks, on, tiered);
  }

  /** A copy with bounds-check grouping on or off. */
  public JitOptions withGroupedBoundsChecks(boolean on) {
    return new JitOptions(methodBudget, on, splitLoops, tiered);
  }

  /** A copy with tiering on or off (off: the generated class runs from the first packet). */
  public JitOptions withTiering(boolean on) {
    return new JitOptions(methodBudget, groupBoundsChecks, splitLoops, on);
  }
}
