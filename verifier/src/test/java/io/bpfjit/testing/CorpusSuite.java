package io.bpfjit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * libpcap conformance: every corpus program (Ethernet and {@code otherdlt/}) on every packet of
 * every capture gives libpcap 1.10.3's recorded result. Zero mismatches allowed.
 */
public abstract class CorpusSuite {
  /** The engine under test. */
  protected abstract EngineFactory engine();

  /** Whether packets go in as direct {@code ByteBuffer}s (read in place) rather than arrays. */
  protected boolean directBuffers() {
    return false;
  }

  @TestFactory
  Stream<DynamicTest> ethernet() {
    EngineFactory factory = engine();
    return Corpus.ethernetPrograms().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.id() + " " + abbreviate(e.expr()),
                    () ->
                        check(factory, e.bpf(), e.id(), Corpus.expected(e.id()), directBuffers())));
  }

  @TestFactory
  Stream<DynamicTest> otherLinkTypes() throws IOException {
    EngineFactory factory = engine();
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(SharedData.corpus().resolve("otherdlt"))) {
      for (Path dlt : dirs.sorted().toList()) {
        Map<String, List<Corpus.Expectation>> expected = Corpus.otherDltExpected(dlt);
        for (Corpus.ProgramEntry e : Corpus.programs(dlt.resolve("programs"))) {
          List<Corpus.Expectation> exp = expected.get(e.id());
          if (exp == null) {
            continue;
          }
          String name = dlt.getFileName() + "/" + e.id() + " " + abbreviate(e.expr());
          boolean direct = directBuffers();
          tests.add(
              DynamicTest.dynamicTest(name, () -> check(factory, e.bpf(), name, exp, direct)));
        }
      }
    }
    if (tests.isEmpty()) {
      fail("no other-DLT programs found");
    }
    return tests.stream();
  }

  /** Runs one program over its expectations; fails with the first mismatch and their count. */
  public static void check(
      EngineFactory factory,
      Path bpf,
      String id,
      List<Corpus.Expectation> expectations,
      boolean direct)
      throws IOException {
    PacketFilter filter = factory.create(Verifier.verify(BpfProgram.parse(Files.readString(bpf))));
    int mismatches = 0;
    String first = null;
    for (Corpus.Expectation exp : expectations) {
      List<Capture.Packet> packets = Corpus.capture(exp.pcap()).packets();
      if (packets.size() != exp.results().length) {
        fail(exp.pcap() + ": " + packets.size() + " packets, expected " + exp.results().length);
      }
      java.nio.ByteBuffer[] buffers = direct ? Corpus.directPackets(exp.pcap()) : null;
      for (int i = 0; i < packets.size(); i++) {
        Capture.Packet p = packets.get(i);
        int got =
            direct
                ? filter.apply(buffers[i], p.wirelen())
                : filter.apply(p.data(), p.offset(), p.caplen(), p.wirelen());
        if (got != exp.results()[i]) {
          mismatches++;
          if (first == null) {
            first =
                exp.pcap()
                    + " packet "
                    + i
                    + ": expected "
                    + Integer.toUnsignedString(exp.results()[i])
                    + ", got "
                    + Integer.toUnsignedString(got);
          }
        }
      }
    }
    if (mismatches > 0) {
      fail(id + ": " + mismatches + " mismatches; first: " + first);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
