package io.bpfjit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad arguments to the fuzz front end: exit 2 and one line naming the option and the value. */
class FuzzMainTest {
  private static String errorOf(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, FuzzMain.run(args), String.join(" ", args));
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void badArgumentsNameTheOptionAndValue() {
    assertEquals(
        "fuzz: --seconds takes a whole number (0 or more), not 'abc' (try --help)",
        errorOf("--seconds", "abc"));
    assertEquals(
        "fuzz: --cases takes a whole number (0 or more), not '-3' (try --help)",
        errorOf("--cases", "-3"));
    assertEquals(
        "fuzz: --packets takes a whole number (1 or more), not '0' (try --help)",
        errorOf("--packets", "0"));
    assertEquals(
        "fuzz: --seed takes a whole number, not '1.5' (try --help)", errorOf("--seed", "1.5"));
    assertEquals("fuzz: --seed needs a value (try --help)", errorOf("--seed"));
    assertEquals("fuzz: unknown option --bogus (try --help)", errorOf("--bogus", "1"));
  }
}
