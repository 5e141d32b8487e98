package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Deep nesting parses as deep as libpcap 1.10.3's parser (bison's stack of 10,000 entries) and
 * fails beyond it with libpcap's message; never a StackOverflowError. Limits measured with libpcap:
 * 9,995 nested parentheses compile and 9,996 do not; 4,997 nested {@code ip[} do, 4,998 do not.
 */
class NestingLimitTest {
  private static final CompileOptions UNOPTIMISED = CompileOptions.defaults().withOptimize(false);

  private static String parens(int n, String inner) {
    return "(".repeat(n) + inner + ")".repeat(n);
  }

  @Test
  void parenthesesUpToLibpcapsLimit() {
    assertEquals(14, FilterCompiler.compile(parens(9995, "tcp"), UNOPTIMISED).size());
    assertEquals(10, FilterCompiler.compile(parens(9995, "1") + " = 1", UNOPTIMISED).size());
    FilterCompileException e =
        assertThrows(
            FilterCompileException.class,
            () -> FilterCompiler.compile(parens(9996, "tcp"), UNOPTIMISED));
    assertEquals("can't parse filter expression: memory exhausted", e.getMessage());
  }

  @Test
  void loadsInsideLoadsUpToLibpcapsLimit() {
    String ok = "ip[".repeat(4997) + "0" + "]".repeat(4997) + " = 1";
    assertEquals(29992, FilterCompiler.compile(ok, UNOPTIMISED).size());
    String deep = "ip[".repeat(4998) + "0" + "]".repeat(4998) + " = 1";
    FilterCompileException e =
        assertThrows(FilterCompileException.class, () -> FilterCompiler.compile(deep, UNOPTIMISED));
    assertEquals("can't parse filter expression: memory exhausted", e.getMessage());
  }

  @Test
  void negationsFarBeyondTheLimitFailCleanly() {
    FilterCompileException e =
        assertThrows(
            FilterCompileException.class,
            () -> FilterCompiler.compile("not ".repeat(100_000) + "tcp", UNOPTIMISED));
    assertEquals("can't parse filter expression: memory exhausted", e.getMessage());
  }
}
