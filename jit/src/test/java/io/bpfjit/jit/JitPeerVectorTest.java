package io.bpfjit.jit;

import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.PeerVectorSuite;
import org.junit.jupiter.api.Nested;

/** The shared peer-vector suite on the JIT: default, split small, per-read bounds checks. */
class JitPeerVectorTest extends PeerVectorSuite {
  @Override
  protected EngineFactory engine() {
    return JitTesting.DEFAULT;
  }

  @Nested
  class Split extends PeerVectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.SPLIT;
    }
  }

  @Nested
  class Ungrouped extends PeerVectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.UNGROUPED;
    }
  }

  @Nested
  class FirstTierOnly extends PeerVectorSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.FIRST_TIER;
    }
  }
}
