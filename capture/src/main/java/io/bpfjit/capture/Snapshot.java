package io.bpfjit.capture;

/**
 * The snapshot length libpcap 1.10 reports for a capture ({@code pcap_snapshot}), which {@code
 * tcpdump -r in -w out} writes into the output's header: the file's own when it is positive as a
 * signed 32-bit value, otherwise the largest libpcap allows for the link type.
 */
final class Snapshot {
  /** libpcap's {@code MAXIMUM_SNAPLEN}, the ceiling for every link type but two. */
  static final int DEFAULT = 262144;

  private static final int DLT_DBUS = 231;
  private static final int DLT_EBHSCR = 279;

  private Snapshot() {}

  /** The length libpcap uses for a file that declares {@code declared} on {@code linkType}. */
  static int length(int linkType, int declared) {
    if (declared > 0) {
      return declared;
    }
    return switch (linkType) {
      case DLT_DBUS -> 128 << 20;
      case DLT_EBHSCR -> 8 << 20;
      default -> DEFAULT;
    };
  }
}
