package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-scan reader of texts exactly as {@code tcpdump -ddd} prints them ({@link
 * NumericFormats#plainText}) gives what the line-by-line reader gives, and leaves every other text
 * to it (so errors keep their line and column).
 */
class PlainTextTest {
  /** Every corpus program, read both ways. */
  @Test
  void corpusProgramsReadAlike() throws IOException {
    int read = 0;
    try (Stream<Path> files = Files.list(SharedData.corpus().resolve("programs"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bpf")).toList()) {
        String text = Files.readString(f);
        List<RawInstruction> plain = NumericFormats.plainText(text);
        assertNotNull(plain, f + " is in tcpdump's own shape");
        assertEquals(NumericFormats.dddLines(text), plain, f.toString());
        read++;
      }
    }
    assertTrue(read > 800, "programs read: " + read);
  }

  /** Texts in other shapes go to the line reader: the same program, or the same error. */
  @Test
  void otherShapesAreTheLineReadersToJudge() {
    String ok = "2\n40 0 0 12\n6 0 0 65535\n";
    assertEquals(NumericFormats.dddLines(ok), NumericFormats.plainText(ok));
    assertEquals(NumericFormats.dddLines(ok), NumericFormats.plainText(ok.strip()));
    for (String other :
        new String[] {
          "2\r\n40 0 0 12\r\n6 0 0 65535\r\n", // CRLF
          "2\n40 0 0 12 \n6 0 0 65535\n", // trailing space
          "2\n40  0 0 12\n6 0 0 65535\n", // two spaces
          "2\n040 0 0 12\n6 0 0 65535\n", // a leading zero
          "2\n\n40 0 0 12\n6 0 0 65535\n", // an empty line
          "2\n40 0 0 12\n6 0 0 65535\n\n", // two newlines at the end
          "3\n40 0 0 12\n6 0 0 65535\n", // fewer lines than the count
          "1\n40 0 0 12\n6 0 0 65535\n", // more
          "2\n40 0 256 12\n6 0 0 65535\n", // jf out of range
          "2\n40 0 0 4294967296\n6 0 0 65535\n", // k out of range
          "2\n40 0 0 12345678901\n6 0 0 65535\n", // 11 digits
          "2\n40 0 0 18446744073709551628\n6 0 0 65535\n", // 2^64 + 12: wraps a long to 12
          "0\n", // no instructions
          " 2\n40 0 0 12\n6 0 0 65535\n", // a space before the count
          "2\n40 0 0 12\n6 0 0", // cut inside the last line
        }) {
      assertNull(NumericFormats.plainText(other), other);
      assertEquals(lineOutcome(other), outcome(other), other);
    }
  }

  /** What {@code ddd} makes of a text: its instructions or its error message. */
  private static String outcome(String text) {
    try {
      return NumericFormats.ddd(text).toString();
    } catch (ProgramFormatException e) {
      return e.getMessage();
    }
  }

  private static String lineOutcome(String text) {
    try {
      return NumericFormats.dddLines(text).toString();
    } catch (ProgramFormatException e) {
      return e.getMessage();
    }
  }
}
