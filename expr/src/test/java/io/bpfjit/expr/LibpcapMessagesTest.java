package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every line of {@code ../shared/exprcompiler/errors-libpcap-1.10.3.tsv} (libpcap 1.10.3's result
 * for invalid and edge-case expressions, optimised): the same message, or a program of the same
 * length where libpcap compiles one.
 */
class LibpcapMessagesTest {
  @Test
  void everyCatalogueLineGivesLibpcapsResult() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String line :
        Files.readAllLines(SharedData.shared().resolve("exprcompiler/errors-libpcap-1.10.3.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", 3);
      int dlt = LinkTypes.byName(f[0]).orElseThrow();
      String expr = f[1];
      String want = f[2];
      CompileOptions options =
          CompileOptions.defaults().withLinkType(dlt).withResolver(Resolver.none());
      String got;
      try {
        got = "OK " + FilterCompiler.compile(expr, options).size();
      } catch (FilterCompileException e) {
        got = "ERR " + e.getMessage();
      }
      checked++;
      boolean ok;
      if (want.startsWith("OK")) {
        ok = got.equals(want.replace(" insns", ""));
      } else {
        ok = got.equals(want);
      }
      if (!ok) {
        failures.add(f[0] + " " + expr + "\n   libpcap: " + want + "\n   bpfjit:  " + got);
      }
    }
    System.out.println("libpcap messages: " + (checked - failures.size()) + "/" + checked);
    if (!failures.isEmpty()) {
      fail(failures.size() + " differ:\n" + String.join("\n", failures));
    }
  }
}
