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

  @Nested
  class FirstTierUnthreaded extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.FIRST_TIER_UNTHREADED;
    }
  }

  /** The buffer class, given each packet as a view of a little-endian direct buffer. */
  @Nested
  class DirectBuffers extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.DEFAULT;
    }

    @Override
    protected boolean directBuffers() {
      return true;
    }
  }

  /** The first tier as compiled, reading the same direct buffers in place. */
  @Nested
  class FirstTierDirectBuffers extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return JitTesting.FIRST_TIER_AS_COMPILED;
    }

    @Override
    protected boolean directBuffers() {
      return true;
    }
  }
}
