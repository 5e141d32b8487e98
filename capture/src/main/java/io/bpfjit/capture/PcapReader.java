package io.bpfjit.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Classic pcap as libpcap 1.10 reads it: both byte orders, microsecond and nanosecond timestamps,
 * versions 2.0 to 2.4 and 543.0, the patched variant of old Linux tcpdumps, and libpcap's rules for
 * record lengths (cut to the snapshot length, damage beyond the link type's maximum).
 */
final class PcapReader extends RecordCursor {
  /**
   * The "modified" pcap of some old Linux tcpdumps (Alexey Kuznetzov's patch): 8 more bytes in
   * every record header (interface index, protocol, packet type), which libpcap reads and skips.
   */
  private static final int PATCHED = 0xa1b2cd34;

  private static final int PATCHED_SWAPPED = 0x34cdb2a1;

  /** The magic numbers of microsecond and nanosecond files, as their first four bytes read. */
  private static final int MICROS = 0xa1b2c3d4;

  private static final int NANOS = 0xa1b23c4d;
  private static final int MICROS_SWAPPED = 0xd4c3b2a1;
  private static final int NANOS_SWAPPED = 0x4d3cb2a1;

  private final Path file;

  /** The record header's size: 16, or 24 in a patched file. */
  private final int headerSize;

  private final boolean little;
  private final boolean nanos;
  private final int linkType;
  private final int linkTypeField;
  private final int snaplen;

  /**
   * Records up to this length are read as they are: the snapshot length or libpcap's maximum; -1
   * (every record through {@link #nextSlow}) for files whose lengths may be swapped.
   */
  private final int plain;

  /** Before version 2.3 a record's two lengths came in the other order; in 2.3, either. */
  private final boolean swapped;

  private final boolean maybeSwapped;

  private final int maximum;

  /** Whether records need libpcap's post-processing ({@link PseudoHeaders}). */
  private final boolean post;

  /**
   * Whether a record that is not cut is stored as {@link PcapWriter} writes one: a little-endian
   * microsecond file's 16-byte header, lengths in their usual order, nothing post-processed.
   */
  private final boolean asWritten;

  /** Whether the current record is stored as {@link PcapWriter} writes it ({@link #asWritten}). */
  private boolean verbatim;

  private int sec;
  private int frac;

  PcapReader(Path file, ByteSource src) throws IOException {
    super(src);
    this.file = file;
    ByteBuffer b = src.bytes();
    int magic = Bytes.u32(b, src.cursor(), false);
    switch (magic) {
      case MICROS -> {
        little = false;
        nanos = false;
      }
      case NANOS -> {
        little = false;
        nanos = true;
      }
      case MICROS_SWAPPED -> {
        little = true;
        nanos = false;
      }
      case NANOS_SWAPPED -> {
        little = true;
        nanos = true;
      }
      case PATCHED -> {
        little = false;
        nanos = false;
      }
      case PATCHED_SWAPPED -> {
        little = true;
        nanos = false;
      }
      default ->
          throw new CaptureFormatException(
              file, 0, String.format("not a pcap or pcapng file (magic 0x%08x)", magic));
    }
    if (src.request(24) < 24) {
      throw new CaptureFormatException(file, 0, "truncated pcap file header (24 bytes expected)");
    }
    b = src.bytes();
    int major = Bytes.u16(b, src.cursor() + 4, little);
    int minor = Bytes.u16(b, src.cursor() + 6, little);
    // libpcap 1.10 reads versions 2.0 to 2.4, and 543.0 (lengths swapped, as before 2.3)
    boolean v543 = major == 543 && minor == 0;
    if ((major != 2 || minor > 4) && !v543) {
      throw new CaptureFormatException(
          file,
          4,
          (major < 2 ? "archaic" : "unsupported") + " pcap version " + major + "." + minor);
    }
    swapped = minor < 3 || v543;
    maybeSwapped = minor == 3;
    int field = Bytes.u32(b, src.cursor() + 20, little);
    linkTypeField = LinkTypes.savefileField(field);
    linkType = field & LinkTypes.VALUE_BITS;
    post = PseudoHeaders.affects(linkType, !little);
    boolean patched = magic == PATCHED || magic == PATCHED_SWAPPED;
    headerSize = patched ? 24 : 16;
    int snap = Snapshot.length(linkType, Bytes.u32(b, src.cursor() + 16, little));
    if (patched && linkType == 1) {
      // libpcap: such a capture may have been taken in cooked mode, with a 14-byte fake Ethernet
      // header added to up to a snapshot length of data.
      snap = snap <= Integer.MAX_VALUE - 14 ? snap + 14 : Integer.MAX_VALUE;
    }
    snaplen = snap;
    maximum = Snapshot.maximum(linkType);
    plain = minor < 4 || patched ? -1 : Math.min(snaplen, maximum);
    asWritten = little && !nanos && !patched && !post && plain >= 0;
    src.skip(24);
  }

  /** Whether {@code magic} (a file's first four bytes, big-endian) is one of a pcap file. */
  static boolean knows(int magic) {
    return switch (magic) {
      case MICROS, NANOS, MICROS_SWAPPED, NANOS_SWAPPED, PATCHED, PATCHED_SWAPPED -> true;
      default -> false;
    };
  }

  @Override
  public boolean next() throws IOException {
    // Fast path: the header and the whole record are in the buffer and the length is sane: one
    // test, no refill logic. The general path below handles chunk ends and damage.
    ByteBuffer b0 = src.bytes();
    int c0 = src.cursor();
    int avail = src.available();
    if (avail >= 16) {
      // Two 8-byte reads, not four of 4 (each read of a direct buffer checks its memory session).
      long lengths = Bytes.u64(b0, c0 + 8, little);
      int cap = Bytes.first(lengths, little);
      if (cap >= 0 && cap <= avail - 16 && cap <= plain) {
        recordOffset = src.position();
        int len = Bytes.second(lengths, little);
        long stamp = Bytes.u64(b0, c0, little);
        int sec = Bytes.first(stamp, little);
        int frac = Bytes.second(stamp, little);
        src.skip(16);
        verbatim = asWritten;
        return accept(cap, cap, len, sec, frac);
      }
    }
    return nextSlow();
  }

  private boolean nextSlow() throws IOException {
    recordOffset = src.position();
    int got = src.request(headerSize);
    if (got == 0) {
      return false;
    }
    if (got < headerSize) {
      throw new CaptureFormatException(
          file, recordOffset, "truncated record header (" + got + " of " + headerSize + " bytes)");
    }
    ByteBuffer b = src.bytes();
    int c = src.cursor();
    int sec = Bytes.u32(b, c, little);
    int frac = Bytes.u32(b, c + 4, little);
    int cap = Bytes.u32(b, c + 8, little);
    int len = Bytes.u32(b, c + 12, little);
    if (swapped || maybeSwapped && Integer.compareUnsigned(cap, len) > 0) {
      int t = cap;
      cap = len;
      len = t;
    }
    // libpcap's rules: longer than the link type allows is damage; longer than the snapshot
    // length (an old Solaris bug, says libpcap) is cut to it.
    if (Integer.compareUnsigned(cap, maximum) > 0) {
      throw new CaptureFormatException(
          file,
          recordOffset,
          "record length "
              + Integer.toUnsignedString(cap)
              + (Integer.compareUnsigned(cap, snaplen) > 0
                  ? " is larger than the snapshot length " + snaplen
                  : " is larger than the maximum " + maximum + " for link type " + linkType));
    }
    // Header and record asked for together, so that they stay side by side (a record is written
    // from where it is stored, header and all: PcapWriter.write(CaptureReader, int)).
    int have = src.request(headerSize + cap) - headerSize;
    src.skip(headerSize);
    if (have < cap) {
      throw new CaptureFormatException(
          file,
          recordOffset,
          "record of " + cap + " bytes runs past the end of the file (" + have + " left)");
    }
    verbatim = asWritten && Integer.compareUnsigned(cap, snaplen) <= 0;
    return accept(Math.min(cap, snaplen), cap, len, sec, frac);
  }

  /**
   * The record of {@code stored} bytes at the cursor (all buffered) becomes the current one, its
   * first {@code cap} bytes the packet.
   */
  private boolean accept(int cap, int stored, int len, int sec, int frac) {
    offset = src.cursor();
    caplen = cap;
    wirelen = len;
    if (post) {
      postProcess(linkType, !little);
    }
    this.sec = sec;
    this.frac = frac;
    src.skip(stored);
    count++;
    return true;
  }

  /**
   * Whether the current record is stored, header and all, at {@code bytes()[offset() - 16 ..
   * offset() + caplen())} exactly as {@link PcapWriter} (microseconds) would write it.
   */
  boolean verbatim() {
    return verbatim;
  }

  /** Whether records need libpcap's post-processing, which reads them from an array. */
  boolean postProcesses() {
    return post;
  }

  @Override
  public int timestampSeconds() {
    return sec;
  }

  @Override
  public int timestampMicros() {
    if (!nanos) {
      return frac;
    }
    // libpcap on a little-endian host reads a native field as signed (0xfffff000 ns is -4 µs) and
    // a byte-swapped one as unsigned (4,294,963 µs)
    return little ? frac / 1000 : Integer.divideUnsigned(frac, 1000);
  }

  /** Computed when asked: most callers never look at the time. */
  @Override
  public long timestampNanos() {
    long f = Integer.toUnsignedLong(frac);
    return Integer.toUnsignedLong(sec) * 1_000_000_000L + (nanos ? f : f * 1000);
  }

  @Override
  public int linkType() {
    return linkType;
  }

  @Override
  public int linkTypeField() {
    return linkTypeField;
  }

  @Override
  public int snaplen() {
    return snaplen;
  }
}
