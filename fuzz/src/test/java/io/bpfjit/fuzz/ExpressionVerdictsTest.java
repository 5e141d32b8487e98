package io.bpfjit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.FilterCompiler;
import io.bpfjit.expr.LinkTypes;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.testing.Capture;
import io.bpfjit.testing.Corpus;
import io.bpfjit.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * From expression to verdict with no native code: every corpus expression compiled by the
 * expression compiler (optimised or not, as the corpus id says), run by the JIT on every packet of
 * every corpus capture of its link type, returns what libpcap 1.10.3 returned ({@code
 * expected/<id>.tsv}, {@code otherdlt/<DLT>/expected.tsv}).
 */
class ExpressionVerdictsTest {
  @Test
  void ethernetExpressionsGiveLibpcapsVerdicts() {
    long packets = 0;
    List<String> failures = new ArrayList<>();
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      PacketFilter f = compile(e.id(), e.expr(), LinkTypes.EN10MB);
      for (Corpus.Expectation x : Corpus.expected(e.id())) {
        packets += check(e, f, Corpus.capture(x.pcap()), x, failures);
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(packets > 4_000_000, "checked " + packets);
    System.out.println("expression verdicts (EN10MB): " + packets + " (program, packet) pairs");
  }

  @Test
  void otherLinkTypeExpressionsGiveLibpcapsVerdicts() {
    long packets = 0;
    List<String> failures = new ArrayList<>();
    for (String dlt : List.of("LINUX_SLL", "NULL", "RAW")) {
      Path dir = SharedData.corpus().resolve("otherdlt").resolve(dlt);
      Map<String, List<Corpus.Expectation>> expected = Corpus.otherDltExpected(dir);
      for (Corpus.ProgramEntry e : Corpus.programs(dir.resolve("programs"))) {
        PacketFilter f = compile(e.id(), e.expr(), LinkTypes.byName(dlt).orElseThrow());
        for (Corpus.Expectation x : expected.getOrDefault(e.id(), List.of())) {
          packets += check(e, f, Corpus.capture(x.pcap()), x, failures);
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(packets > 10_000, "checked " + packets);
    System.out.println("expression verdicts (other link types): " + packets + " pairs");
  }

  private static PacketFilter compile(String id, String expr, int dlt) {
    CompileOptions options =
        CompileOptions.defaults().withLinkType(dlt).withOptimize(!id.endsWith("u"));
    return BpfJit.compile(Verifier.verify(FilterCompiler.compile(expr, options)));
  }

  private static int check(
      Corpus.ProgramEntry e,
      PacketFilter f,
      Capture c,
      Corpus.Expectation x,
      List<String> failures) {
    List<Capture.Packet> ps = c.packets();
    for (int i = 0; i < ps.size(); i++) {
      Capture.Packet p = ps.get(i);
      int got = f.apply(p.data(), p.offset(), p.caplen(), p.wirelen());
      if (got != x.results()[i]) {
        failures.add(
            e.id()
                + " '"
                + e.expr()
                + "' on "
                + x.pcap()
                + " #"
                + i
                + ": "
                + got
                + " (libpcap "
                + x.results()[i]
                + ")");
        return i;
      }
    }
    return ps.size();
  }
}
