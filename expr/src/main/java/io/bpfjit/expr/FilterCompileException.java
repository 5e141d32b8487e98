package io.bpfjit.expr;

/**
 * An expression that does not compile. {@link #getMessage()} is exactly libpcap 1.10.3's {@code
 * pcap_geterr} text for it ({@code can't parse filter expression: syntax error}, {@code illegal
 * port number 99999 > 65535} …); {@link #offset()} is where in the expression the problem is (the
 * failing token, or the primitive a semantic error belongs to), or -1 when not known.
 */
public final class FilterCompileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String expression;
  private final int offset;

  public FilterCompileException(String message, String expression, int offset) {
    super(message);
    this.expression = expression;
    this.offset = offset;
  }

  /** The expression that failed. */
  public String expression() {
    return expression;
  }

  /** The offset into {@link #expression()} of the offending token or primitive, or -1. */
  public int offset() {
    return offset;
  }

  /** The expression and a caret under {@link #offset()} (two lines), or just the message. */
  public String caret() {
    if (offset < 0 || expression == null) {
      return getMessage();
    }
    return expression + "\n" + " ".repeat(offset) + "^";
  }
}
