package io.bpfjit.expr;

/** Numeric IPv6 addresses, parsed as inet_pton does (an embedded dotted quad allowed last). */
final class Ipv6 {
  private Ipv6() {}

  /** The 16 bytes of {@code s}, or null when it is not a valid numeric IPv6 address. */
  static byte[] parse(String s) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = 0;
    int len = s.length();
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == len) {
        return new byte[16];
      }
    } else if (s.startsWith(":")) {
      return null;
    }
    byte[] v4 = null;
    while (i < len) {
      int start = i;
      int v = 0;
      while (i < len && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
        v = v << 4 | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < len && s.charAt(i) == '.') {
        v4 = parse4(s.substring(start));
        if (v4 == null || n > 6) {
          return null;
        }
        i = len;
        break;
      }
      if (i == start || i - start > 4 || n == 8) {
        return null;
      }
      groups[n++] = v;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
        if (i == len) {
          break;
        }
      } else if (i == len) {
        return null;
      }
    }
    int total = n + (v4 != null ? 2 : 0);
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int[] all = new int[8];
    int tail = n - Math.max(gap, 0);
    int head = gap < 0 ? n : gap;
    for (int k = 0; k < head; k++) {
      all[k] = groups[k];
    }
    int end = v4 != null ? 6 : 8;
    for (int k = 0; k < (gap < 0 ? 0 : tail); k++) {
      all[end - tail + k] = groups[gap + k];
    }
    for (int k = 0; k < 8; k++) {
      out[2 * k] = (byte) (all[k] >> 8);
      out[2 * k + 1] = (byte) all[k];
    }
    if (v4 != null) {
      System.arraycopy(v4, 0, out, 12, 4);
    }
    return out;
  }

  private static byte[] parse4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int k = 0; k < 4; k++) {
      String p = parts[k];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int c = 0; c < p.length(); c++) {
        char ch = p.charAt(c);
        if (ch < '0' || ch > '9') {
          return null;
        }
        v = v * 10 + ch - '0';
      }
      if (v > 255) {
        return null;
      }
      out[k] = (byte) v;
    }
    return out;
  }
}
