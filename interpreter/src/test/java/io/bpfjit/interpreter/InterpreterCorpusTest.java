package io.bpfjit.interpreter;

import io.bpfjit.testing.CorpusSuite;
import io.bpfjit.testing.EngineFactory;
import org.junit.jupiter.api.Nested;

class InterpreterCorpusTest extends CorpusSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }

  /** The same, each packet a view of a little-endian direct buffer read in place. */
  @Nested
  class DirectBuffers extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return BpfInterpreter::of;
    }

    @Override
    protected boolean directBuffers() {
      return true;
    }
  }
}
