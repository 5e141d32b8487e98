package io.bpfjit.cli;

/** An error the user can fix, with its exit status; printed as one line. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  UserError(int code, String message) {
    super(message);
    this.code = code;
  }

  int code() {
    return code;
  }
}
