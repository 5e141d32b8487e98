package io.bpfjit;

/**
 * Program text that cannot be read: names the 1-based line and column and what was expected, e.g.
 * {@code line 3, column 10: expected a number after '#', found 'x800'}.
 */
public final class ProgramFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String detail;

  /** A format error at {@code line}/{@code column} (both 1-based). */
  public ProgramFormatException(int line, int column, String detail) {
    super("line " + line + ", column " + column + ": " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** 1-based line of the error. */
  public int line() {
    return line;
  }

  /** 1-based column of the error. */
  public int column() {
    return column;
  }

  /** What was wrong, without the position. */
  public String detail() {
    return detail;
  }
}
