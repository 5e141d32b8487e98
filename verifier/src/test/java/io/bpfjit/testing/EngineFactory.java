package io.bpfjit.testing;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;

/** How a shared suite obtains the engine under test. */
@FunctionalInterface
public interface EngineFactory {
  /** A filter for {@code program}. */
  PacketFilter create(VerifiedProgram program);
}
