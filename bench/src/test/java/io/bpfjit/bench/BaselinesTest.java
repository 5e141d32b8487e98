package io.bpfjit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.PacketFilter;
import io.bpfjit.interpreter.BpfInterpreter;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each hand-written baseline gives its program's verdict on every packet and every caplen. */
class BaselinesTest {
  @Test
  void baselinesAgreeWithTheirPrograms() {
    assumeTrue(Files.isDirectory(BenchData.corpus()), "SKIPPING: corpus not found");
    Map<String, Baselines.Predicate> baselines = Baselines.forCorpus(BenchData.expressions());
    assertEquals(
        java.util.Set.of("001", "006", "056", "083", "160", "184"),
        baselines.keySet(),
        "the report's six baselines");
    Map<String, int[]> verdicts = new java.util.TreeMap<>(); // id -> {matched, rejected}
    for (String pcap : new String[] {"bench-mix.pcap", "synthetic-coverage.pcap"}) {
      BenchData d = BenchData.packets(pcap);
      for (Map.Entry<String, Baselines.Predicate> e : baselines.entrySet()) {
        PacketFilter program = BpfInterpreter.of(BenchData.program(e.getKey()));
        for (int i = 0; i < d.count; i += 7) {
          for (int cap = Math.max(0, d.caplens[i] - 70); cap <= d.caplens[i]; cap++) {
            boolean want = program.apply(d.data, d.offsets[i], cap, d.wirelens[i]) != 0;
            boolean got = e.getValue().test(d.data, d.offsets[i], cap);
            assertEquals(want, got, e.getKey() + " " + pcap + " packet " + i + " caplen " + cap);
            verdicts.computeIfAbsent(e.getKey(), k -> new int[2])[got ? 0 : 1]++;
          }
        }
      }
    }
    for (Map.Entry<String, int[]> v : verdicts.entrySet()) {
      assertTrue(
          v.getValue()[0] > 0 && v.getValue()[1] > 0,
          v.getKey()
              + " both matches and rejects some packets (not a constant): matched "
              + v.getValue()[0]
              + ", rejected "
              + v.getValue()[1]);
    }
    assertEquals(6, verdicts.size(), "every baseline was checked: " + verdicts.keySet());
  }
}
