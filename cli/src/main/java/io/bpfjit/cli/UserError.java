package io.bpfjit.cli;

/** An error the user can fix, with its exit status; printed as one line. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String helpFor;

  UserError(int code, String message) {
    this(code, message, null);
  }

  /** A usage error: {@code helpFor} names the command whose {@code --help} to point to. */
  UserError(int code, String message, String helpFor) {
    super(message);
    this.code = code;
    this.helpFor = helpFor;
  }

  int code() {
    return code;
  }

  /** The command whose help the message points to, {@code ""} for the top level, or null. */
  String helpFor() {
    return helpFor;
  }
}
