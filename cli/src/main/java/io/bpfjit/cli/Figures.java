package io.bpfjit.cli;

/**
 * Numbers for the run summary, written by hand: {@code String.format}'s {@code %,d} initialises the
 * locale data (CLDR) on first use, a tenth of a short run. Always ',' between groups of three
 * digits and '.' before decimals, whatever the locale, so scripts can read the line.
 */
final class Figures {
  private Figures() {}

  /** {@code n} with a comma between groups of three digits: 6553600 → "6,553,600". */
  static String grouped(long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    StringBuilder s = new StringBuilder(digits.length() + digits.length() / 3);
    s.append(digits, 0, sign);
    for (int i = sign; i < digits.length(); i++) {
      if (i > sign && (digits.length() - i) % 3 == 0) {
        s.append(',');
      }
      s.append(digits.charAt(i));
    }
    return s.toString();
  }

  /** {@code x} ≥ 0 rounded half up to {@code decimals} places: fixed(0.3445, 3) → "0.345". */
  static String fixed(double x, int decimals) {
    if (!(x >= 0) || x > 1e15) {
      throw new IllegalArgumentException("not a figure for the summary: " + x);
    }
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long units = Math.round(x * scale);
    String whole = Long.toString(units / scale);
    if (decimals == 0) {
      return whole;
    }
    String frac = Long.toString(units % scale + scale).substring(1);
    return whole + "." + frac;
  }
}
