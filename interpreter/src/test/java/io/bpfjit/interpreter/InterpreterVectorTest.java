package io.bpfjit.interpreter;

import io.bpfjit.testing.VectorSuite;
import io.bpfjit.testing.EngineFactory;

class InterpreterVectorTest extends VectorSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }
}
