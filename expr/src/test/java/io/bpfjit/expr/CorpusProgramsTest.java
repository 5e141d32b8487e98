package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfjit.BpfProgram;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every corpus expression, compiled without the optimiser, is instruction for instruction the
 * program libpcap 1.10.3 produced ({@code tcpdump -O -y DLT -ddd}): on EN10MB and on the other link
 * types of {@code ../shared/corpus/otherdlt}.
 */
class CorpusProgramsTest {
  @Test
  void ethernetUnoptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("programs"), LinkTypes.EN10MB, false);
  }

  @Test
  void linuxSllUnoptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/LINUX_SLL/programs"), LinkTypes.LINUX_SLL, false);
  }

  @Test
  void nullUnoptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/NULL/programs"), LinkTypes.NULL, false);
  }

  @Test
  void rawUnoptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/RAW/programs"), LinkTypes.RAW, false);
  }

  @Test
  void ethernetOptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("programs"), LinkTypes.EN10MB, true);
  }

  @Test
  void linuxSllOptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/LINUX_SLL/programs"), LinkTypes.LINUX_SLL, true);
  }

  @Test
  void nullOptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/NULL/programs"), LinkTypes.NULL, true);
  }

  @Test
  void rawOptimisedProgramsAreLibpcaps() throws IOException {
    check(SharedData.corpus().resolve("otherdlt/RAW/programs"), LinkTypes.RAW, true);
  }

  /** The corpus's other-link-type expressions libpcap refuses when optimising: refused alike. */
  @Test
  void expressionsLibpcapRejectsAreRejected() throws IOException {
    int checked = 0;
    for (String line : Files.readAllLines(SharedData.corpus().resolve("programs/rejected.tsv"))) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      int dlt = LinkTypes.byName(f[0]).orElseThrow();
      boolean optimize = !f[1].endsWith("u");
      String want = f[3].replaceFirst("^tcpdump: ", "");
      try {
        FilterCompiler.compile(
            f[2], CompileOptions.defaults().withLinkType(dlt).withOptimize(optimize));
        fail(line + ": compiled");
      } catch (FilterCompileException e) {
        assertEquals(want, e.getMessage(), line);
      }
      checked++;
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  private static void check(Path dir, int dlt, boolean optimize) throws IOException {
    CompileOptions options = CompileOptions.defaults().withLinkType(dlt).withOptimize(optimize);
    List<String> failures = new ArrayList<>();
    int same = 0;
    for (String line : Files.readAllLines(dir.resolve("index.tsv"))) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (!f[4].equals(optimize ? "1" : "0")) {
        continue;
      }
      String id = f[0];
      String expr = f[1];
      BpfProgram want = BpfProgram.parseDecimal(Files.readString(dir.resolve(id + ".bpf")));
      try {
        BpfProgram got = FilterCompiler.compile(expr, options);
        if (got.equals(want)) {
          same++;
        } else {
          failures.add(id + " " + expr + ": " + firstDifference(want, got));
        }
      } catch (FilterCompileException e) {
        failures.add(id + " " + expr + ": " + e.getMessage());
      }
    }
    System.out.printf(
        "%s (%s): %d identical, %d different%n",
        dir, optimize ? "optimised" : "unoptimised", same, failures.size());
    if (!failures.isEmpty()) {
      fail(failures.size() + " programs differ:\n" + String.join("\n", failures));
    }
    assertEquals(0, failures.size());
  }

  static String firstDifference(BpfProgram want, BpfProgram got) {
    int n = Math.min(want.size(), got.size());
    for (int i = 0; i < n; i++) {
      if (!want.get(i).equals(got.get(i))) {
        return "pc "
            + i
            + ": want "
            + want.get(i).toText(i)
            + ", got "
            + got.get(i).toText(i)
            + " (lengths "
            + want.size()
            + "/"
            + got.size()
            + ")";
      }
    }
    return "lengths " + want.size() + "/" + got.size();
  }
}
