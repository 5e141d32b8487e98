package io.bpfjit;

import java.util.ArrayList;
import java.util.List;

/**
 * Line and token checks for the program readers, written without regular expressions: compiling the
 * first {@code Pattern} of a process (and {@code String.split} with a two-character pattern) took
 * 10 ms of every CLI run, longer than reading the program.
 */
final class TextLines {
  private TextLines() {}

  /**
   * {@code text} cut at each {@code \n} (a {@code \r} before it removed), keeping empty lines and a
   * trailing empty one: what {@code text.split("\r?\n", -1)} gives.
   */
  static String[] split(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        lines.add(text.substring(start));
        return lines.toArray(new String[0]);
      }
      int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
      lines.add(text.substring(start, end));
      start = nl + 1;
    }
  }

  /** The text before the first line terminator ({@code \n} or {@code \r}), as {@code lines()}. */
  static String firstLine(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\n' || ch == '\r') {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** The regex {@code \s*\d+\s*}: one decimal number, perhaps between white space. */
  static boolean isNumber(String s) {
    int i = skipSpace(s, 0);
    int digits = skipDigits(s, i);
    return digits > i && skipSpace(s, digits) == s.length();
  }

  /**
   * The regex {@code \s*\d+\s*,[\s\d,]*}: a number and a comma, then only digits, commas and white
   * space (the comma form).
   */
  static boolean isCommaForm(String s) {
    int i = skipSpace(s, 0);
    int digits = skipDigits(s, i);
    if (digits == i) {
      return false;
    }
    i = skipSpace(s, digits);
    if (i == s.length() || s.charAt(i) != ',') {
      return false;
    }
    for (i++; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != ',' && !isDigit(ch) && !isSpace(ch)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The regex class {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isSpace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0b || ch == '\f' || ch == '\r';
  }

  /** The regex class {@code \d}: ASCII digits only. */
  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }
}
