package io.bpfjit.jit;

import io.bpfjit.testing.CorpusSuite;
import io.bpfjit.testing.EngineFactory;
import org.junit.jupiter.api.Nested;

class JitCorpusTest extends CorpusSuite {
  @Override
  protected EngineFactory engine() {
    return BpfJit::compile;
  }

  /** The same suite with every program split into many small methods. */
  @Nested
  class Split extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return p ->
          BpfJit.compile(
              p,
              JitOptions.defaults().withMethodBudget(JitTesting.TINY_BUDGET).withSplitLoops(true));
    }
  }

  /** The same suite with a bounds check on every read (grouping off). */
  @Nested
  class Ungrouped extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return p -> BpfJit.compile(p, JitOptions.defaults().withGroupedBoundsChecks(false));
    }
  }
}
