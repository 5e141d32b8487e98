package io.bpfjit.testing;

/** Hex strings for test data. */
public final class Hex {
  private Hex() {}

  /** Bytes of a hex string; whitespace is ignored. */
  public static byte[] decode(String hex) {
    String s = hex.replaceAll("\\s+", "");
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + s.length());
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(
            "not hex at " + 2 * i + ": " + s.substring(2 * i, 2 * i + 2));
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
