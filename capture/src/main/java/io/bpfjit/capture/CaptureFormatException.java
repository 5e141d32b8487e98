package io.bpfjit.capture;

import java.io.IOException;
import java.nio.file.Path;

/** A damaged capture file: names the file and the byte offset where reading failed. */
public final class CaptureFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** Damage in {@code file} at byte {@code offset}. */
  public CaptureFormatException(Path file, long offset, String detail) {
    super(file + ": byte " + offset + ": " + detail);
    this.offset = offset;
  }

  /** The byte offset of the damage. */
  public long offset() {
    return offset;
  }
}
