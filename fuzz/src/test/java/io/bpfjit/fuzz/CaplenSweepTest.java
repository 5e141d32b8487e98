package io.bpfjit.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitOptions;
import io.bpfjit.testing.Capture;
import io.bpfjit.testing.Corpus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus program × a set of corpus packets × every caplen from 0 to the packet's length: the
 * JIT (default and split) gives the interpreter's result. This is where a hoisted bounds check that
 * changes a result would show.
 */
class CaplenSweepTest {
  private static List<Capture.Packet> packets() {
    List<Capture.Packet> out = new ArrayList<>();
    for (String pcap :
        List.of("synthetic-coverage.pcap", "ipv6_ext_headers.pcap", "pppoes.pcap", "vxlan.pcap")) {
      List<Capture.Packet> all = Corpus.capture(pcap).packets();
      for (int i = 0; i < all.size(); i += Math.max(1, all.size() / 12)) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCaplen() {
    List<Capture.Packet> packets = packets();
    return Corpus.ethernetPrograms().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.id(),
                    () -> {
                      VerifiedProgram v =
                          Verifier.verify(BpfProgram.parse(Files.readString(e.bpf())));
                      PacketFilter oracle = BpfInterpreter.of(v);
                      PacketFilter jit = BpfJit.compile(v); // tiered: switches mid-sweep
                      PacketFilter split =
                          BpfJit.compile(
                              v, JitOptions.defaults().withMethodBudget(200).withTiering(false));
                      for (Capture.Packet p : packets) {
                        for (int cap = 0; cap <= p.caplen(); cap++) {
                          int want = oracle.apply(p.data(), p.offset(), cap, p.wirelen());
                          int got = jit.apply(p.data(), p.offset(), cap, p.wirelen());
                          int gotSplit = split.apply(p.data(), p.offset(), cap, p.wirelen());
                          if (got != want || gotSplit != want) {
                            fail(
                                e.id()
                                    + " caplen "
                                    + cap
                                    + ": interpreter "
                                    + want
                                    + ", jit "
                                    + got
                                    + ", split "
                                    + gotSplit);
                          }
                        }
                      }
                    }));
  }
}
