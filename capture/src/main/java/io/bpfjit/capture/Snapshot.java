package io.bpfjit.capture;

/**
 * Snapshot lengths as libpcap 1.10 has them. The one it reports for a capture ({@code
 * pcap_snapshot}), which {@code tcpdump -r in -w out} writes into the output's header: the file's
 * own when it is positive as a signed 32-bit value, otherwise the largest libpcap allows for the
 * link type. And that largest, beyond which a record is damage.
 */
final class Snapshot {
  /** libpcap's {@code MAXIMUM_SNAPLEN}, the ceiling for every link type but two. */
  static final int DEFAULT = 262144;

  /** The largest {@link #maximum} of any link type (D-Bus's). */
  static final int LARGEST = 128 << 20;

  private static final int DLT_DBUS = 231;
  private static final int DLT_USBPCAP = 249;
  private static final int DLT_EBHSCR = 279;

  private Snapshot() {}

  /** The length libpcap uses for a file that declares {@code declared} on {@code linkType}. */
  static int length(int linkType, int declared) {
    return declared > 0 ? declared : maximum(linkType);
  }

  /**
   * libpcap's {@code max_snaplen_for_dlt}: a record longer than this is damage whatever the file's
   * snapshot length says.
   */
  static int maximum(int linkType) {
    return switch (linkType) {
      case DLT_DBUS -> LARGEST;
      case DLT_EBHSCR -> 8 << 20;
      case DLT_USBPCAP -> 1 << 20;
      default -> DEFAULT;
    };
  }
}
