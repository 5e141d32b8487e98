package io.bpfjit.interpreter;

import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.PeerVectorSuite;

class InterpreterPeerVectorTest extends PeerVectorSuite {
  @Override
  protected EngineFactory engine() {
    return BpfInterpreter::of;
  }
}
