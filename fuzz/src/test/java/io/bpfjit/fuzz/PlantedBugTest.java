package io.bpfjit.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.jit.JitOptions;
import io.bpfjit.jit.internal.FaultInjection;
import io.bpfjit.jit.internal.PlantedBug;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fuzzer can fail: each planted JIT bug is found within a bounded number of cases. */
class PlantedBugTest {
  static final long CASE_LIMIT = 200_000;

  private static Campaign.Result campaign(PlantedBug bug) throws IOException {
    Campaign.Settings s =
        new Campaign.Settings(42, CASE_LIMIT, 120_000, 16, 60, JitOptions.defaults(), null, 1);
    FaultInjection.plant(bug);
    try {
      return new Campaign(s, Campaign.Progress.silent(), List.of()).run();
    } finally {
      FaultInjection.plant(PlantedBug.NONE);
    }
  }

  @ParameterizedTest
  @EnumSource(value = PlantedBug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void plantedBugIsFound(PlantedBug bug) throws IOException {
    Campaign.Result r = campaign(bug);
    assertFalse(r.failures().isEmpty(), bug + " not found in " + r.cases() + " cases");
    assertTrue(r.cases() < CASE_LIMIT, bug + ": " + r.cases());
    System.out.println(bug + " found after " + r.cases() + " cases: " + r.failures().get(0));
  }

  @Test
  void correctJitRunsClean() throws IOException {
    Campaign.Settings s =
        new Campaign.Settings(7, 20_000, 120_000, 16, 200, JitOptions.defaults(), null, 5);
    Campaign.Result r = new Campaign(s, Campaign.Progress.silent(), List.of()).run();
    assertTrue(r.failures().isEmpty(), r.failures().toString());
    assertTrue(r.opcodes() == 49, "opcodes covered: " + r.opcodes());
  }
}
