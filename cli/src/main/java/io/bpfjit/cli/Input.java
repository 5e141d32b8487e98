package io.bpfjit.cli;

import io.bpfjit.capture.CaptureReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CAPTURE operand: a file, or {@code -} for standard input (tcpdump's {@code -r -}). */
record Input(Path name, InputStream stdin) {
  static final String STDIN = "-";

  /** {@code operand} read from {@code in}'s standard input when it is {@code -}. */
  static Input of(Invocation in, String operand) {
    if (operand.equals(STDIN)) {
      if (ProgramOption.fromStdin(in)) {
        throw in.usage("stdin can hold the program (-p -) or the capture (-), not both");
      }
      return new Input(Path.of("<stdin>"), in.stdin());
    }
    return new Input(Path.of(operand), null);
  }

  /** A file, by its path. */
  static Input file(Path file) {
    return new Input(file, null);
  }

  CaptureReader open() throws IOException {
    return stdin == null ? CaptureReader.open(name) : CaptureReader.open(stdin, name);
  }

  /**
   * A file opened to read its records in place, in direct buffers, where the format allows ({@link
   * CaptureReader#openInPlace}); stdin as {@link #open()} reads it.
   */
  CaptureReader openInPlace() throws IOException {
    return stdin == null ? CaptureReader.openInPlace(name) : open();
  }

  /** The file's size, or -1 for a stream. */
  long size() throws IOException {
    return stdin == null ? Files.size(name) : -1;
  }

  /** The file's size, or -1 for a stream or a file that cannot be read (open() says why). */
  long sizeIfKnown() {
    try {
      return size();
    } catch (IOException e) {
      return -1;
    }
  }
}
