package io.bpfjit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file read through one large reusable array: callers ask for {@code n} bytes at the cursor and
 * get an offset into {@link #buffer()}; nothing is copied per record. Memory stays constant (the
 * array grows only for a record larger than it).
 */
final class ByteSource implements AutoCloseable {
  private final InputStream in;
  private byte[] buf;
  private int start;
  private int end;
  private long consumed;
  private boolean eof;

  ByteSource(Path file, int bufferSize) throws IOException {
    this.in = Files.newInputStream(file);
    this.buf = new byte[bufferSize];
  }

  byte[] buffer() {
    return buf;
  }

  /** The file offset of the cursor. */
  long position() {
    return consumed;
  }

  /**
   * Makes {@code n} bytes available at the cursor; returns how many are (fewer only at the end).
   * May move data, so offsets from earlier calls are invalid afterwards.
   */
  int request(int n) throws IOException {
    if (end - start >= n) {
      return n;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, buf.length * 2)];
      System.arraycopy(buf, 0, bigger, 0, end);
      buf = bigger;
    }
    while (end < n && !eof) {
      int r = in.read(buf, end, buf.length - end);
      if (r < 0) {
        eof = true;
      } else {
        end += r;
      }
    }
    return Math.min(n, end);
  }

  /** Offset in {@link #buffer()} of the cursor. */
  int cursor() {
    return start;
  }

  /** Moves the cursor forward by {@code n} available bytes. */
  void skip(int n) {
    start += n;
    consumed += n;
  }

  /** Skips {@code n} bytes that may not all be buffered; returns false if the file ends first. */
  boolean skipLong(long n) throws IOException {
    while (n > 0) {
      int chunk = (int) Math.min(n, buf.length);
      int got = request(chunk);
      skip(got);
      n -= got;
      if (got < chunk) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
