package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.testing.Corpus;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tcpdump installed, {@code bpfjit filter -p PROG -w out} writes the same file, byte for byte
 * (header, record headers, packets), as {@code tcpdump -r in -w out EXPR}, for corpus programs and
 * captures, among them ones whose headers declare other snapshot lengths (1500, 1536, 2000, 10000,
 * 18), FCS-length bits in the link type, and a pcapng file. CI installs tcpdump; elsewhere the test
 * is skipped with a message.
 */
class TcpdumpEquivalenceTest {
  @TempDir Path tmp;

  static boolean haveTcpdump() {
    try {
      Process p = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void sameOutputAsTcpdump() throws Exception {
    if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
      assertTrue(haveTcpdump(), "tcpdump is required here (bpfjit.requireTcpdump=true)");
    }
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path pcaps = SharedData.corpus().resolve("pcaps");
    List<String> captures =
        List.of(
            "synthetic-coverage.pcap",
            "ipv6_ext_headers.pcap",
            "vxlan.pcap",
            "802.1ad_QinQ.pcap",
            "pppoes.pcap",
            "02-sunrise-sunset-esp.pcap",
            "decnet-shorthdr-oobr.pcap",
            "ah-ipip-ping.pcap");
    int compared = 0;
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      if (!e.id().matches("0[0-9][0-9]|1[0-5][0-9]") || e.expr().contains("inbound")) {
        continue;
      }
      for (String c : captures) {
        Path in = pcaps.resolve(c);
        Path ours = tmp.resolve("ours.pcap");
        Path theirs = tmp.resolve("theirs.pcap");
        CliTest.Run r =
            CliTest.run("filter", "-p", e.bpf().toString(), "-w", ours.toString(), in.toString());
        assertEquals(0, r.code(), r.err());
        Process p =
            new ProcessBuilder(
                    "tcpdump",
                    "-y",
                    "EN10MB",
                    "-r",
                    in.toString(),
                    "-w",
                    theirs.toString(),
                    "--",
                    e.expr())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), e.id() + " " + e.expr() + ": " + log);
        long at = Files.mismatch(ours, theirs);
        assertEquals(-1, at, e.id() + " " + e.expr() + " on " + c + ": files differ at byte " + at);
        compared++;
      }
    }
    assertTrue(compared > 300, "compared " + compared);
    System.out.println(
        "tcpdump equivalence: " + compared + " (program, capture) pairs, files identical");
  }
}
