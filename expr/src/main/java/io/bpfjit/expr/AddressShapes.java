package io.bpfjit.expr;

/**
 * The lengths of scanner.l's dotted-host and MAC-address shapes at a place in the text, matched by
 * hand: the longest prefix each rule's pattern matches there, or 0. Each pattern is a sequence of
 * bounded runs of one character class between fixed separators, so a greedy scan finds what the
 * regular expression would (a shorter run never helps: the character after it is in the run's
 * class, not a separator). {@code AddressShapesTest} checks them against the patterns themselves.
 */
final class AddressShapes {
  private AddressShapes() {}

  /** HID: {@code N.N}, {@code N.N.N} or {@code N.N.N.N}, where N is {@code 0x}+hex or decimal. */
  static int dottedHost(String text, int at) {
    int p = at + number(text, at);
    if (p == at) {
      return 0;
    }
    for (int parts = 1; parts < 4; parts++) {
      int n = p + 1 < text.length() && text.charAt(p) == '.' ? number(text, p + 1) : 0;
      if (n == 0) {
        return parts == 1 ? 0 : p - at;
      }
      p += 1 + n;
    }
    return p - at;
  }

  /** N: {@code 0x} and one or more hex digits, else one or more decimal digits; 0 if neither. */
  static int number(String text, int at) {
    int len = text.length();
    if (at + 2 < len
        && text.charAt(at) == '0'
        && (text.charAt(at + 1) == 'x' || text.charAt(at + 1) == 'X')
        && isHex(text.charAt(at + 2))) {
      return 2 + hexRun(text, at + 2, Integer.MAX_VALUE);
    }
    int i = at;
    while (i < len && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - at;
  }

  /**
   * The longest of the MAC shapes: six groups of one or two hex digits separated by ':', '-' or
   * '.'; three groups of four hex digits separated by '.'; twelve hex digits.
   */
  static int mac(String text, int at) {
    int best = Math.max(groups(text, at, ':', 6, 1, 2), groups(text, at, '-', 6, 1, 2));
    best = Math.max(best, groups(text, at, '.', 6, 1, 2));
    best = Math.max(best, groups(text, at, '.', 3, 4, 4));
    return Math.max(best, groups(text, at, ' ', 1, 12, 12)); // one group: no separator read
  }

  /**
   * {@code count} groups of {@code min} to {@code max} hex digits (greedy) separated by {@code
   * sep}: their length, or 0.
   */
  private static int groups(String text, int at, char sep, int count, int min, int max) {
    int p = at;
    for (int g = 0; g < count; g++) {
      if (g > 0) {
        if (p >= text.length() || text.charAt(p) != sep) {
          return 0;
        }
        p++;
      }
      int n = hexRun(text, p, max);
      if (n < min) {
        return 0;
      }
      p += n;
    }
    return p - at;
  }

  /** The number of hex digits from {@code at}, at most {@code max}. */
  private static int hexRun(String text, int at, int max) {
    int i = at;
    int end = (int) Math.min(text.length(), (long) at + max);
    while (i < end && isHex(text.charAt(i))) {
      i++;
    }
    return i - at;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
