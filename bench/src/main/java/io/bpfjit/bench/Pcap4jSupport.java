package io.bpfjit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the system libpcap for pcap4j (which otherwise wants the -dev symlink). */
public final class Pcap4jSupport {
  private static final List<String> CANDIDATES =
      List.of(
          "/usr/lib/x86_64-linux-gnu/libpcap.so",
          "/usr/lib/x86_64-linux-gnu/libpcap.so.1.10.3",
          "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
          "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
          "/usr/lib/libpcap.so");

  private Pcap4jSupport() {}

  /** The libpcap shared library, or null when none is installed. */
  public static Path library() {
    for (String c : CANDIDATES) {
      if (Files.exists(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  /** Points pcap4j at the library; throws if there is none. */
  public static void configure() {
    Path lib = library();
    if (lib == null) {
      throw new IllegalStateException("libpcap is not installed (apt-get install libpcap0.8)");
    }
    System.setProperty("org.pcap4j.core.pcapLibName", lib.toString());
  }
}
