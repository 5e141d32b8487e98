package io.bpfjit;

/** A scanner over one line of program text that reports errors with line and column. */
final class TextCursor {
  private static final String HEX = "0123456789abcdef";

  private final String text;
  private final int line;
  private int pos;

  TextCursor(String text, int line) {
    this.text = text;
    this.line = line;
  }

  int line() {
    return line;
  }

  int column() {
    return pos + 1;
  }

  void skipSpaces() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  boolean atEnd() {
    skipSpaces();
    return pos >= text.length();
  }

  /** Consumes {@code s} (case-insensitively, after spaces) if it is next. */
  boolean accept(String s) {
    skipSpaces();
    if (text.regionMatches(true, pos, s, 0, s.length())) {
      pos += s.length();
      return true;
    }
    return false;
  }

  void expect(String s, String what) {
    if (!accept(s)) {
      throw error("expected " + what + ", found " + found());
    }
  }

  /** A run of letters, digits, '_' and '.', starting with a letter or '_'; or null. */
  String identifier() {
    skipSpaces();
    int start = pos;
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos))
              || text.charAt(pos) == '_'
              || text.charAt(pos) == '.')) {
        pos++;
      }
      return text.substring(start, pos);
    }
    return null;
  }

  boolean peekDigitOrSign() {
    skipSpaces();
    return pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-');
  }

  /**
   * A number: decimal, {@code 0x} hex or {@code 0b} binary, optionally negative; returned as a long
   * within {@code [min, max]}.
   */
  long number(long min, long max, String what) {
    skipSpaces();
    int start = pos;
    boolean negative = false;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      negative = text.charAt(pos) == '-';
      pos++;
    }
    int radix = 10;
    if (text.regionMatches(true, pos, "0x", 0, 2)) {
      radix = 16;
      pos += 2;
    } else if (text.regionMatches(true, pos, "0b", 0, 2)) {
      radix = 2;
      pos += 2;
    }
    int digits = pos;
    while (pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0) {
      pos++;
    }
    if (pos == digits || (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos)))) {
      pos = start;
      throw error("expected " + what + ", found " + found());
    }
    String body = text.substring(digits, pos);
    long value;
    if (body.length() > 20) {
      value = Long.MAX_VALUE;
    } else {
      try {
        value = Long.parseLong(body, radix);
      } catch (NumberFormatException e) {
        value = Long.MAX_VALUE;
      }
    }
    if (negative) {
      value = -value;
    }
    if (value < min || value > max) {
      pos = start;
      throw error(
          what
              + " "
              + text.substring(start, start + (digits - start) + body.length())
              + " is out of range ["
              + min
              + ", "
              + max
              + "]");
    }
    return value;
  }

  /** A 32-bit operand: accepts -2^31 .. 2^32-1 and returns the raw 32 bits. */
  int k(String what) {
    return (int) number(Integer.MIN_VALUE, 0xffffffffL, what);
  }

  String found() {
    skipSpaces();
    if (pos >= text.length()) {
      return "end of line";
    }
    int end = pos;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - pos < 20) {
      end++;
    }
    return "'" + printable(text.substring(pos, Math.max(end, pos + 1))) + "'";
  }

  /**
   * {@code s} with what a terminal would not show as itself escaped, as Java writes it: ASCII
   * controls as a backslash, {@code x} and two hex digits; other controls, format characters (a
   * byte-order mark, say), the replacement character of undecodable bytes, surrogates, private-use
   * and unassigned code points as a backslash, {@code u} and four.
   */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      if (c < 0x80 && type == Character.CONTROL) {
        b.append("\\x").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      } else if (c == 0xfffd
          || type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.PRIVATE_USE
          || type == Character.UNASSIGNED) {
        b.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
          b.append(HEX.charAt(c >> shift & 0xf));
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  ProgramFormatException error(String detail) {
    return new ProgramFormatException(line, column(), detail);
  }
}
