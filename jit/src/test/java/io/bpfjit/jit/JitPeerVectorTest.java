package io.bpfjit.jit;

import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.PeerVectorSuite;
import org.junit.jupiter.api.Nested;

class JitPeerVectorTest extends PeerVectorSuite {
  @Override
  protected EngineFactory engine() {
    return BpfJit::compile;
  }

  /** The same suite with every program split into many small methods. */
  @Nested
  class Split extends PeerVectorSuite {
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
  class Ungrouped extends PeerVectorSuite {
    @Override
    protected EngineFactory engine() {
      return p -> BpfJit.compile(p, JitOptions.defaults().withGroupedBoundsChecks(false));
    }
  }
}
