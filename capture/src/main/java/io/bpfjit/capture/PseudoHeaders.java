package io.bpfjit.capture;

/**
 * What libpcap 1.10 does to a record after reading it ({@code pcap_post_process}), so that a filter
 * sees the bytes tcpdump's filter sees: pseudo-headers that the capturing host wrote in its own
 * byte order are converted to the reading host's (USB, NFLOG, SocketCAN behind SLL/SLL2, pflog),
 * and the on-the-wire length of some memory-mapped USB records is recomputed. bpfjit reads as
 * libpcap does on a little-endian host (x86, ARM), the one its reference results come from: records
 * of big-endian files are converted, little-endian ones are left as they are.
 */
final class PseudoHeaders {
  static final int PFLOG = 117;
  static final int LINUX_SLL = 113;
  static final int USB_LINUX = 189;
  static final int USB_LINUX_MMAPPED = 220;
  static final int NFLOG = 239;
  static final int LINUX_SLL2 = 276;

  /** Size of the memory-mapped USB header, and of one isochronous descriptor after it. */
  private static final int USB_MMAPPED_HEADER = 64;

  private static final int ISO_DESCRIPTOR = 16;

  private static final int URB_ISOCHRONOUS = 0;
  private static final int URB_COMPLETE = 'C';
  private static final int URB_TRANSFER_IN = 0x80;
  private static final int SLL_P_CAN = 0x000c;
  private static final int SLL_P_CANFD = 0x000d;

  private PseudoHeaders() {}

  /** Whether records of {@code linkType} may need {@link #convert}/{@link #wireLength}. */
  static boolean affects(int linkType, boolean bigEndianFile) {
    return switch (linkType) {
      case USB_LINUX_MMAPPED -> true;
      case PFLOG, LINUX_SLL, LINUX_SLL2, USB_LINUX, NFLOG -> bigEndianFile;
      default -> false;
    };
  }

  /**
   * libpcap's {@code swap_pseudo_headers}: converts, in place, the host-order fields of the record
   * {@code b[off .. off + caplen)} (its wire length {@code len}) of a big-endian file, as far as
   * both lengths hold them.
   */
  static void convert(int linkType, byte[] b, int off, int caplen, int len) {
    switch (linkType) {
      case PFLOG -> pflog(b, off, caplen, len);
      case LINUX_SLL -> socketCan(b, off, caplen, len, 14, 16);
      case LINUX_SLL2 -> socketCan(b, off, caplen, len, 0, 20);
      case USB_LINUX -> usb(b, off, caplen, false);
      case USB_LINUX_MMAPPED -> usb(b, off, caplen, true);
      case NFLOG -> nflog(b, off, caplen, len);
      default -> {}
    }
  }

  /** pflog's uid, pid, rule uid and rule pid, each while the header's own length covers it. */
  private static void pflog(byte[] b, int off, int caplen, int len) {
    for (int end = 48; end <= 60; end += 4) {
      if (below(caplen, end) || below(len, end) || (b[off] & 0xff) < end) {
        return;
      }
      reverse(b, off + end - 4, 4);
    }
  }

  /** A SocketCAN header's CAN ID after a cooked header whose protocol says CAN or CAN FD. */
  private static void socketCan(byte[] b, int off, int caplen, int len, int protocolAt, int size) {
    if (below(caplen, size) || below(len, size)) {
      return;
    }
    int protocol = Bytes.u16(b, off + protocolAt, false);
    if (protocol != SLL_P_CAN && protocol != SLL_P_CANFD) {
      return;
    }
    if (below(caplen, size + 4) || below(len, size + 4)) {
      return;
    }
    reverse(b, off + size, 4);
  }

  /**
   * The Linux USB header's multi-byte fields, each only if the captured length reaches its end; the
   * memory-mapped (64-byte) header's four more words and, for isochronous transfers, its
   * descriptors.
   */
  private static void usb(byte[] b, int off, int caplen, boolean mmapped) {
    // (end of field, width) in order; the one-byte fields between them need nothing
    int[][] fields = {{8, 8}, {14, 2}, {24, 8}, {28, 4}, {32, 4}, {36, 4}, {40, 4}};
    for (int[] f : fields) {
      if (below(caplen, f[0])) {
        return;
      }
      reverse(b, off + f[0] - f[1], f[1]);
    }
    boolean iso = (b[off + 9] & 0xff) == URB_ISOCHRONOUS;
    int end = 40;
    if (iso) {
      for (; end < 48; end += 4) { // error count, number of descriptors
        if (below(caplen, end + 4)) {
          return;
        }
        reverse(b, off + end, 4);
      }
    } else {
      end = 48; // the setup packet: bytes as they came off the bus
    }
    if (!mmapped) {
      return;
    }
    for (; end < USB_MMAPPED_HEADER; end += 4) { // interval, start frame, transfer flags, ndesc
      if (below(caplen, end + 4)) {
        return;
      }
      reverse(b, off + end, 4);
    }
    if (!iso) {
      return;
    }
    long ndesc = Integer.toUnsignedLong(Bytes.u32(b, off + 60, true));
    for (long i = 0; i < ndesc; i++) {
      for (int w = 0; w < 3; w++) { // status, offset, length; the padding is left
        if (below(caplen, end + 4)) {
          return;
        }
        reverse(b, off + end, 4);
        end += 4;
      }
      end += 4;
    }
  }

  /** NFLOG version 0: each TLV's type and length, walking the TLVs by their (converted) lengths. */
  private static void nflog(byte[] b, int off, int caplen, int len) {
    if (below(caplen, 4) || below(len, 4) || b[off + 1] != 0) {
      return;
    }
    long cap = Integer.toUnsignedLong(caplen) - 4;
    long wire = Integer.toUnsignedLong(len) - 4;
    int p = off + 4;
    while (cap >= 4) {
      reverse(b, p, 2);
      reverse(b, p + 2, 2);
      int size = Bytes.u16(b, p, true);
      if (size % 4 != 0) {
        size = (size + 4 - size % 4) & 0xffff; // libpcap's 16-bit sum: 0xfffd..0xffff become 0
      }
      if (size < 4 || cap < size || wire < size) {
        return;
      }
      cap -= size;
      wire -= size;
      p += size;
    }
  }

  /**
   * libpcap's {@code fixup_pcap_pkthdr}: the wire length of a memory-mapped USB record, which older
   * libpcaps computed from the URB length for completed incoming isochronous transfers, recomputed
   * from the descriptors it holds; otherwise {@code len}. Fields are read as this (little-endian)
   * host has them after {@link #convert}.
   */
  static int wireLength(int linkType, byte[] b, int off, int caplen, int len) {
    if (linkType != USB_LINUX_MMAPPED || below(caplen, USB_MMAPPED_HEADER) || b[off + 15] != 0) {
      return len;
    }
    long ndesc = Integer.toUnsignedLong(Bytes.u32(b, off + 60, true));
    long urbLength = Integer.toUnsignedLong(Bytes.u32(b, off + 32, true));
    if (Integer.toUnsignedLong(len) != USB_MMAPPED_HEADER + ndesc * ISO_DESCRIPTOR + urbLength
        || (b[off + 9] & 0xff) != URB_ISOCHRONOUS
        || (b[off + 8] & 0xff) != URB_COMPLETE
        || (b[off + 10] & URB_TRANSFER_IN) == 0) {
      return len;
    }
    long left = Integer.toUnsignedLong(caplen) - USB_MMAPPED_HEADER;
    int dataEnd = 0;
    int d = off + USB_MMAPPED_HEADER;
    for (long i = 0; i < ndesc && left >= ISO_DESCRIPTOR; i++, left -= ISO_DESCRIPTOR) {
      int length = Bytes.u32(b, d + 8, true);
      if (length != 0) {
        int descEnd = Bytes.u32(b, d + 4, true) + length; // 32-bit, wrapping as in libpcap
        if (Integer.compareUnsigned(descEnd, dataEnd) > 0) {
          dataEnd = descEnd;
        }
      }
      d += ISO_DESCRIPTOR;
    }
    int fixed =
        (int) (USB_MMAPPED_HEADER + ndesc * ISO_DESCRIPTOR + Integer.toUnsignedLong(dataEnd));
    int result = Integer.compareUnsigned(fixed, caplen) >= 0 ? fixed : len;
    return Integer.compareUnsigned(caplen, result) > 0 ? caplen : result;
  }

  /** {@code length < need}, the length unsigned. */
  private static boolean below(int length, int need) {
    return Integer.compareUnsigned(length, need) < 0;
  }

  private static void reverse(byte[] b, int at, int width) {
    for (int i = 0, j = at + width - 1; i < width / 2; i++, j--) {
      byte t = b[at + i];
      b[at + i] = b[j];
      b[j] = t;
    }
  }
}
