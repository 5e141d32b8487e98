package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.testing.Corpus;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpfjit filter [-O] -w OUT CAPTURE EXPR} writes what {@code tcpdump [-O] -r CAPTURE -w OUT
 * EXPR} writes, byte for byte, optimised and not, for every corpus expression on Ethernet captures
 * and on captures of the other link types (raw IP, BSD loopback, Linux cooked): the expression
 * compiled, as tcpdump -r compiles it, for the capture's link type. Where tcpdump refuses an
 * expression (inbound on a capture file, ...), bpfjit refuses it too, with exit status 2 and no
 * output file.
 */
class TcpdumpExpressionTest {
  @TempDir Path tmp;

  private static final List<String> CAPTURES =
      List.of(
          "synthetic-coverage.pcap",
          "pppoes.pcap",
          "802.1ad_QinQ.pcap",
          "LINKTYPE_RAW_ipv4.pcap",
          "ikev2four.pcap",
          "mptcp-v1.pcap");

  @Test
  void expressionsFilterAsTcpdump() throws Exception {
    if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
      assertTrue(TcpdumpEquivalenceTest.haveTcpdump(), "tcpdump is required here");
    }
    assumeTrue(TcpdumpEquivalenceTest.haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path pcaps = SharedData.corpus().resolve("pcaps");
    Set<String> expressions = new LinkedHashSet<>();
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      expressions.add(e.expr());
    }
    int same = 0;
    int refused = 0;
    List<String> failures = new ArrayList<>();
    for (String expr : expressions) {
      for (int k = 0; k < 2 * CAPTURES.size(); k++) {
        String c = CAPTURES.get(k / 2);
        boolean optimise = k % 2 == 1;
        Path in = pcaps.resolve(c);
        Path ours = tmp.resolve("ours.pcap");
        Path theirs = tmp.resolve("theirs.pcap");
        Files.deleteIfExists(ours);
        Files.deleteIfExists(theirs);
        String o = optimise ? "-n" : "-O"; // -n changes nothing here; -O turns the optimiser off
        CliTest.Run r =
            optimise
                ? CliTest.run("filter", "-w", ours.toString(), in.toString(), expr)
                : CliTest.run("filter", "-O", "-w", ours.toString(), in.toString(), expr);
        Process p =
            new ProcessBuilder(
                    "tcpdump", o, "-r", in.toString(), "-w", theirs.toString(), "--", expr)
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes()).strip();
        int code = p.waitFor();
        String what =
            "'"
                + expr
                + "' on "
                + c
                + ": tcpdump "
                + code
                + " "
                + log
                + "; bpfjit "
                + r.code()
                + " "
                + r.err().strip();
        if (code != 0) {
          if (r.code() != 2 || Files.exists(ours)) {
            failures.add("tcpdump refused, bpfjit did not: " + what);
          }
          refused++;
          continue;
        }
        if (r.code() != 0) {
          failures.add("bpfjit failed: " + what);
          continue;
        }
        long at = Files.mismatch(ours, theirs);
        if (at != -1) {
          failures.add("files differ at byte " + at + ": " + what);
          continue;
        }
        same++;
      }
    }
    System.out.println(
        "tcpdump [-O] on expressions: "
            + same
            + " (expression, capture) pairs identical, "
            + refused
            + " refused by both");
    assertEquals(List.of(), failures);
    assertTrue(same > 4000, "compared " + same);
    assertFalse(refused == 0, "no expression refused (inbound on a capture file should be)");
  }

  /** What {@code tcpdump ARGS} prints on stdout; its exit status must be 0. */
  private static String tcpdump(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tcpdump"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "tcpdump " + args);
    return out;
  }

  @Test
  void compilePrintsWhatTcpdumpPrints() throws Exception {
    if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
      assertTrue(TcpdumpEquivalenceTest.haveTcpdump(), "tcpdump is required here");
    }
    assumeTrue(TcpdumpEquivalenceTest.haveTcpdump(), "SKIPPING: tcpdump not installed");
    List<String> expressions = new ArrayList<>();
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      if (!expressions.contains(e.expr()) && !e.expr().contains("inbound")) {
        expressions.add(e.expr());
      }
    }
    int compared = 0;
    String[] formats = {"-d", "-dd", "-ddd"};
    String[] optimiser = {"-O", "-n"};
    String[] linkTypes = {"EN10MB", "LINUX_SLL", "RAW", "NULL"};
    for (int i = 0; i < expressions.size(); i++) {
      String expr = expressions.get(i);
      // every expression in one format and on Ethernet; the others on every seventh
      String format = formats[i % 3];
      String dlt = i % 7 == 0 ? linkTypes[(i / 7) % 4] : "EN10MB";
      String o = optimiser[i % 2]; // -n: tcpdump's no name resolution, the default here
      List<String> args = List.of(o, "-y", dlt, format, "--", expr);
      CliTest.Run r =
          o.equals("-O")
              ? CliTest.run("compile", "-O", "-y", dlt, format, "--", expr)
              : CliTest.run("compile", "-y", dlt, format, "--", expr);
      if (r.code() != 0) {
        // libpcap refuses some corpus expressions on other link types: so must bpfjit
        Process p = new ProcessBuilder("tcpdump", o, "-y", dlt, format, "--", expr).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor() != 0, "bpfjit refused " + args + ": " + r.err());
        continue;
      }
      assertEquals(tcpdump(args), r.out(), "bpfjit compile " + args);
      compared++;
    }
    assertTrue(compared > 400, "compared " + compared);
    System.out.println("bpfjit compile = tcpdump [-O] -d/-dd/-ddd: " + compared + " expressions");
  }

  @Test
  void readAndCountOptionsAsTcpdump() throws Exception {
    if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
      assertTrue(TcpdumpEquivalenceTest.haveTcpdump(), "tcpdump is required here");
    }
    assumeTrue(TcpdumpEquivalenceTest.haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path in = SharedData.corpus().resolve("pcaps/synthetic-coverage.pcap");
    for (String n : List.of("1", "7", "100000")) {
      Path ours = tmp.resolve("ours-" + n + ".pcap");
      Path theirs = tmp.resolve("theirs-" + n + ".pcap");
      CliTest.Run r =
          CliTest.run(
              "filter", "-r", in.toString(), "-c", n, "-w", ours.toString(), "tcp", "or", "udp");
      assertEquals(0, r.code(), r.err());
      tcpdump(List.of("-r", in.toString(), "-c", n, "-w", theirs.toString(), "tcp", "or", "udp"));
      assertEquals(-1, Files.mismatch(ours, theirs), "-c " + n);
    }
    CliTest.Run zero = CliTest.run("filter", "-r", in.toString(), "-c", "0", "tcp");
    assertEquals(2, zero.code());
  }

  @Test
  void aBadExpressionIsAUsageErrorWithACaretAndNoOutput() throws IOException {
    Path pcap = SharedData.corpus().resolve("pcaps/synthetic-coverage.pcap");
    Path out = tmp.resolve("out.pcap");
    CliTest.Run r = CliTest.run("filter", "-w", out.toString(), pcap.toString(), "port", "99999");
    assertEquals(2, r.code());
    assertEquals(
        "bpfjit: expression: illegal port number 99999 > 65535\n  port 99999\n       ^\n", r.err());
    assertFalse(Files.exists(out));
  }
}
