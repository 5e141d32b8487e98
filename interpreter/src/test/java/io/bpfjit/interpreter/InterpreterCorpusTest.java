package io.bpfjit.interpreter;

import io.bpfjit.testing.CorpusSuite;
import io.bpfjit.testing.EngineFactory;

class InterpreterCorpusTest extends CorpusSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }
}
