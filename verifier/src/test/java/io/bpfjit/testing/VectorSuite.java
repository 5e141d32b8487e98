package io.bpfjit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hand-written vectors and saved regressions, run against one engine. Each engine's test module
 * adds a one-method subclass that supplies {@link #engine()}.
 */
public abstract class VectorSuite {
  /** The engine under test. */
  protected abstract EngineFactory engine();

  @TestFactory
  Stream<DynamicTest> vectors() {
    EngineFactory factory = engine();
    return Vectors.all().stream()
        .map(v -> DynamicTest.dynamicTest(v.name(), () -> check(factory, v)));
  }

  /** Checks one vector against {@code factory}'s engine on every entry point. */
  public static void check(EngineFactory factory, TestVector v) {
    BpfProgram program = BpfProgram.parse(v.program());
    if (v.errorPc() != null) {
      InvalidProgramException e =
          assertThrows(
              InvalidProgramException.class,
              () -> Verifier.verify(program, v.options()),
              v.name() + " must be rejected");
      assertEquals(v.errorReason(), e.reason(), v.name() + " reason (" + e.getMessage() + ")");
      assertEquals(v.errorPc().intValue(), e.pc(), v.name() + " pc (" + e.getMessage() + ")");
      return;
    }
    VerifiedProgram verified = Verifier.verify(program, v.options());
    PacketFilter filter = factory.create(verified);
    int i = 0;
    for (TestVector.Case c : v.cases()) {
      EngineRuns.assertAllPaths(
          filter, c.packet(), c.wirelen(), c.result(), v.name() + " case " + i++);
    }
  }
}
