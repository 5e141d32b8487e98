package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.testing.Corpus;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus program: {@code toAssembly()} is tcpdump's own {@code -d} listing byte for byte,
 * {@code toDecimal()} is the {@code -ddd} file byte for byte, and every numeric form parses back to
 * the same program (with {@code parse} and with the per-format method); the listing, which omits
 * ignored fields, parses back to a program with the same listing.
 */
class FormatsCorpusTest {

  @TestFactory
  Stream<DynamicTest> everyCorpusProgramRoundTrips() throws IOException {
    List<Corpus.ProgramEntry> all = new ArrayList<>(Corpus.ethernetPrograms());
    try (Stream<Path> dirs = Files.list(SharedData.corpus().resolve("otherdlt"))) {
      for (Path dlt : dirs.sorted().toList()) {
        all.addAll(Corpus.programs(dlt.resolve("programs")));
      }
    }
    return all.stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.bpf().getParent().getParent().getFileName() + "/" + e.id(), () -> check(e)));
  }

  private static void check(Corpus.ProgramEntry e) throws IOException {
    String ddd = Files.readString(e.bpf());
    BpfProgram p = BpfProgram.parse(ddd);
    assertEquals(e.insnCount(), p.size(), "instruction count");
    assertEquals(ddd, p.toDecimal(), "-ddd printed back byte for byte");
    assertEquals(p, BpfProgram.parseDecimal(ddd));
    if (Files.exists(e.listing())) {
      String listing = Files.readString(e.listing());
      assertEquals(listing, p.toAssembly(), "-d listing byte for byte");
      // The listing omits fields the instruction ignores (libpcap's optimiser leaves junk k on
      // some tax/txa), so the listing round-trips as text: print(parse(listing)) == listing.
      assertEquals(listing, BpfProgram.parse(listing).toAssembly(), "listing parses back");
      assertEquals(listing, BpfProgram.parseAssembly(listing).toAssembly());
    }
    assertEquals(p, BpfProgram.parse(p.toCArray()), "-dd parses back");
    assertEquals(p, BpfProgram.parseCArray(p.toCArray()));
    assertEquals(p, BpfProgram.parse(p.toComma()), "comma form parses back");
    assertEquals(p, BpfProgram.parseComma(p.toComma()));
    assertEquals(p, BpfProgram.of(p.toArray()));
  }
}
