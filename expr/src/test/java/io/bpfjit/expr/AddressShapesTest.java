package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written shape matchers against scanner.l's patterns, written as regular expressions. */
class AddressShapesTest {
  private static final String N = "(?:0[Xx][0-9A-Fa-f]+|[0-9]+)";
  private static final String HEX = "[0-9A-Fa-f]";
  private static final String B = HEX + "{1,2}";
  private static final Pattern NUMBER = Pattern.compile(N);
  private static final Pattern HID =
      Pattern.compile(N + "\\." + N + "(?:\\." + N + "(?:\\." + N + ")?)?");
  private static final List<Pattern> MAC =
      List.of(
          Pattern.compile(B + ":" + B + ":" + B + ":" + B + ":" + B + ":" + B),
          Pattern.compile(B + "-" + B + "-" + B + "-" + B + "-" + B + "-" + B),
          Pattern.compile(B + "\\." + B + "\\." + B + "\\." + B + "\\." + B + "\\." + B),
          Pattern.compile(HEX + "{4}\\." + HEX + "{4}\\." + HEX + "{4}"),
          Pattern.compile(HEX + "{12}"));

  private static int lookingAt(Pattern p, String text, int at) {
    Matcher m = p.matcher(text).region(at, text.length());
    return m.lookingAt() ? m.end() - at : 0;
  }

  private static int macByPatterns(String text, int at) {
    int best = 0;
    for (Pattern p : MAC) {
      best = Math.max(best, lookingAt(p, text, at));
    }
    return best;
  }

  @Test
  void examples() {
    assertEquals(8, AddressShapes.dottedHost("10.0.0.1", 0));
    assertEquals(7, AddressShapes.dottedHost("x 1.2.3.4.5", 2)); // four parts at most
    assertEquals(6, AddressShapes.dottedHost("0x1f.7", 0));
    assertEquals(3, AddressShapes.dottedHost("1.0xg", 0)); // "0x" without a hex digit is 0
    assertEquals(0, AddressShapes.dottedHost("10.", 0));
    assertEquals(0, AddressShapes.dottedHost("10", 0));
    assertEquals(17, AddressShapes.mac("00:1b:21:3a:4f:5e", 0));
    assertEquals(11, AddressShapes.mac("0-1-2-3-4-5-6", 0));
    assertEquals(14, AddressShapes.mac("001b.213a.4f5e", 0));
    assertEquals(12, AddressShapes.mac("001b213a4f5e77", 0));
    assertEquals(0, AddressShapes.mac("00:1b:21:3a:4f", 0));
    assertEquals(0, AddressShapes.mac("192.168.100.100", 0)); // a group has two digits at most
    assertEquals(11, AddressShapes.mac("1.2.3.4.5.6.7", 0));
  }

  @Property(tries = 20_000)
  void sameLengthsAsThePatterns(@ForAll("addressLike") String text) {
    for (int at = 0; at < text.length(); at++) {
      String where = text + " at " + at;
      assertEquals(lookingAt(NUMBER, text, at), AddressShapes.number(text, at), where);
      assertEquals(lookingAt(HID, text, at), AddressShapes.dottedHost(text, at), where);
      assertEquals(macByPatterns(text, at), AddressShapes.mac(text, at), where);
    }
  }

  /** Strings of the characters the shapes are made of, weighted towards separators and digits. */
  @Provide
  Arbitrary<String> addressLike() {
    return Arbitraries.strings()
        .withChars("0123456789abcdefxXgG:.-. 0011")
        .ofMinLength(0)
        .ofMaxLength(24);
  }
}
