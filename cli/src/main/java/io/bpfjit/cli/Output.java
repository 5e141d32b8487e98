package io.bpfjit.cli;

import io.bpfjit.capture.PcapWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code filter -w} writes: a file (through a temporary file renamed into place), or {@code
 * -} for standard output (tcpdump's {@code -w -}, to pipe into another tool).
 */
record Output(Path file, Stdout stdout) {
  static final String STDOUT = "-";

  /** {@code -w}'s value, or null without one. */
  static Output of(Invocation in) {
    String w = in.value("w", null);
    if (w == null) {
      return null;
    }
    if (w.equals(STDOUT)) {
      if (in.has("count")) {
        throw in.usage("--count prints to stdout, where -w - writes the capture");
      }
      return new Output(null, in.stdout());
    }
    Path p = Path.of(w);
    if (Files.isDirectory(p)) {
      throw new UserError(Main.USAGE, p + ": is a directory");
    }
    return new Output(p, null);
  }

  /** A file, by its path. */
  static Output file(Path file) {
    return new Output(file, null);
  }

  /** A pcap with this header (microsecond stamps, as tcpdump writes them unless asked). */
  PcapWriter open(int linkTypeField, int snaplen) throws IOException {
    return file != null
        ? new PcapWriter(file, linkTypeField, snaplen, false)
        : PcapWriter.toStream(stdout, "stdout", linkTypeField, snaplen, false);
  }
}
