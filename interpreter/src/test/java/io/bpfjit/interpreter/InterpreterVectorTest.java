package io.bpfjit.interpreter;

import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.VectorSuite;

class InterpreterVectorTest extends VectorSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }
}
