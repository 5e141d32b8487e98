package io.bpfjit.jit;

import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.VectorSuite;
import org.junit.jupiter.api.Nested;

/** The shared vector suite on the JIT: default, split small, per-read bounds checks. */
class JitVectorTest extends VectorSuite {
  @Override
  protected EngineFactory engine() {
    return JitTesting.DEFAULT;
  }

  @Nested
  class Split extends VectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.SPLIT;
    }
  }

  @Nested
  class Ungrouped extends VectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.UNGROUPED;
    }
  }

  @Nested
  class FirstTierOnly extends VectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.FIRST_TIER;
    }
  }
}
