package io.bpfjit.interpreter;

import io.bpfjit.testing.PeerVectorSuite;
import io.bpfjit.testing.EngineFactory;

class InterpreterPeerVectorTest extends PeerVectorSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }
}
