package io.bpfjit.jit;

import io.bpfjit.testing.CorpusSuite;
import io.bpfjit.testing.EngineFactory;
import org.junit.jupiter.api.Nested;

/** The shared corpus suite on the JIT: default, split small, per-read bounds checks. */
class JitCorpusTest extends CorpusSuite {
  @Override
  protected EngineFactory engine() {
    return JitTesting.DEFAULT;
  }

  @Nested
  class Split extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.SPLIT;
    }
  }

  @Nested
  class Ungrouped extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.UNGROUPED;
    }
  }

  @Nested
  class FirstTierOnly extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.FIRST_TIER;
    }
  }
}
