package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks give what the regular expressions they replace give. */
class TextLinesTest {
  private static final Pattern NUMBER = Pattern.compile("\\s*\\d+\\s*");
  private static final Pattern COMMA_FORM = Pattern.compile("\\s*\\d+\\s*,[\\s\\d,]*");
  private static final String ALPHABET = " \t\n\r\u000b\f0123456789,x\u0660";

  @Test
  void agreeWithTheRegularExpressionsOnRandomText() {
    SplittableRandom r = new SplittableRandom(21);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(12);
      for (int j = 0; j < n; j++) {
        b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
      }
      String s = b.toString();
      assertArrayEquals(s.split("\r?\n", -1), TextLines.split(s), "split of [" + s + "]");
      assertEquals(s.lines().findFirst().orElse(""), TextLines.firstLine(s), "[" + s + "]");
      assertEquals(NUMBER.matcher(s).matches(), TextLines.isNumber(s), "number [" + s + "]");
      assertEquals(COMMA_FORM.matcher(s).matches(), TextLines.isCommaForm(s), "comma [" + s + "]");
    }
  }

  @Test
  void examples() {
    assertArrayEquals(new String[] {"4", "40 0 0 12", ""}, TextLines.split("4\r\n40 0 0 12\n"));
    assertArrayEquals(new String[] {"a\rb"}, TextLines.split("a\rb"));
    assertEquals(true, TextLines.isNumber(" 24 "));
    assertEquals(false, TextLines.isNumber("24 0"));
    assertEquals(true, TextLines.isCommaForm("4,48 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0"));
    assertEquals(false, TextLines.isCommaForm("4"));
    assertEquals("", TextLines.firstLine("\nldh [12]"));
  }
}
