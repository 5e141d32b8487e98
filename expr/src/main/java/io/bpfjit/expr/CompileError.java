package io.bpfjit.expr;

/** A semantic error raised while generating code (libpcap's {@code bpf_error}). */
final class CompileError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CompileError(String message) {
    super(message, null, false, false);
  }
}
