package io.bpfjit.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as the commands write it (text through {@link Invocation#out()}, pcap through
 * {@code -w -}), remembering the first write failure: a {@code PrintWriter} only sets a flag, and
 * {@link Main} must tell a reader that went away (a pipe into {@code head}) from a full disk.
 */
final class Stdout extends FilterOutputStream {
  private IOException failure;

  Stdout(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public void flush() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      out.flush();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** Whether a write has failed (the commands stop early then). */
  boolean failed() {
    return failure != null;
  }

  /** The first failure, or null. */
  IOException failure() {
    return failure;
  }

  /** Whether the failure is a reader that went away (EPIPE), not an error worth a message. */
  boolean readerGone() {
    return failure != null && "Broken pipe".equals(failure.getMessage());
  }
}
