package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void groupsOfThreeDigitsAsFormatDoesInEnglish() {
    for (long n :
        new long[] {
          0,
          7,
          999,
          1000,
          6_553_600,
          1_000_000,
          12_345_678_901L,
          -1,
          -999,
          -1000,
          -1_234_567,
          Long.MAX_VALUE,
          Long.MIN_VALUE
        }) {
      assertEquals(String.format(Locale.ROOT, "%,d", n), Figures.grouped(n), "n = " + n);
    }
  }

  @Test
  void fixedDecimalsRoundHalfUp() {
    assertEquals("0.344", Figures.fixed(0.3444, 3));
    assertEquals("0.345", Figures.fixed(0.3445001, 3));
    assertEquals("0.007", Figures.fixed(0.007, 3));
    assertEquals("19.05", Figures.fixed(19.049999, 2));
    assertEquals("2820.1", Figures.fixed(2820.14, 1));
    assertEquals("0.00", Figures.fixed(0, 2));
    assertEquals("12", Figures.fixed(12.4, 0));
    assertEquals("1.000", Figures.fixed(0.9999, 3));
  }

  @Test
  void fixedRejectsWhatASummaryNeverHolds() {
    assertThrows(IllegalArgumentException.class, () -> Figures.fixed(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> Figures.fixed(Double.NaN, 2));
  }
}
