package io.bpfjit.jit;

import io.bpfjit.testing.EngineFactory;

/** Shared settings and engine variants of the JIT tests. */
final class JitTesting {
  /** A method budget that splits nearly every program into several methods. */
  static final int TINY_BUDGET = 40;

  /** The JIT with default options. */
  static final EngineFactory DEFAULT = BpfJit::compile;

  /** Every program split into many small methods, cutting loops too (the trampoline). */
  static final EngineFactory SPLIT =
      p ->
          BpfJit.compile(
              p, JitOptions.defaults().withMethodBudget(TINY_BUDGET).withSplitLoops(true));

  /** A bounds check on every read (grouping off). */
  static final EngineFactory UNGROUPED =
      p -> BpfJit.compile(p, JitOptions.defaults().withGroupedBoundsChecks(false));

  private JitTesting() {}
}
