package io.bpfjit.capture;

/**
 * Link-type values as libpcap 1.10 on Linux maps them. A file stores a {@code LINKTYPE_} value;
 * libpcap filters as its {@code DLT_} value and writes {@code -w} output with the {@code LINKTYPE_}
 * of that, so a file's 12 ({@code DLT_RAW} on Linux) comes back as 101 ({@code LINKTYPE_RAW}).
 * Observed with tcpdump 4.99.3 for every value 0 to 299 it reads: only these five differ.
 */
final class LinkTypes {
  /** libpcap's {@code LT_LINKTYPE}: the low 26 bits of a pcap header's field are the value. */
  static final int VALUE_BITS = 0x03ffffff;

  /** {@code LINKTYPE_} values and the Linux {@code DLT_} values they stand for. */
  private static final int[][] DIFFERENT = {
    {100, 11}, // ATM_RFC1483
    {101, 12}, // RAW
    {102, 15}, // SLIP_BSDOS
    {103, 16}, // PPP_BSDOS
    {106, 19}, // ATM_CLIP
  };

  private LinkTypes() {}

  /** libpcap's {@code linktype_to_dlt}. */
  static int dlt(int linkType) {
    for (int[] d : DIFFERENT) {
      if (d[0] == linkType) {
        return d[1];
      }
    }
    return linkType;
  }

  /** libpcap's {@code dlt_to_linktype}, a value it has no mapping for kept as it is. */
  static int linkType(int dlt) {
    for (int[] d : DIFFERENT) {
      if (d[1] == dlt) {
        return d[0];
      }
    }
    return dlt;
  }

  /**
   * The link-type field tcpdump's {@code -w} writes for a capture whose header has {@code field}:
   * the value mapped there and back, the bits above it (FCS length) as they were.
   */
  static int savefileField(int field) {
    return linkType(dlt(field & VALUE_BITS)) | field & ~VALUE_BITS;
  }
}
