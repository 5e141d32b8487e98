package io.bpfjit.capture;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng as libpcap 1.10 reads it: section headers (either byte order, several sections), interface
 * descriptions ({@code if_tsresol}, {@code if_tsoffset}), enhanced, simple and obsolete packet
 * blocks; every other block and all options are skipped by their lengths. One link type, snapshot
 * length and byte order per file: reading stops (damage) at an interface or section that differs
 * from the first.
 */
final class PcapngReader extends RecordCursor {
  /** {@code snapshot} as libpcap has it ({@link Snapshot#length} of the declared one). */
  private record Interface(
      int linkType, int snapshot, long unitsPerSecond, boolean decimal, long offsetSeconds) {}

  /** A section header's block type, the first four bytes of a pcapng file in either order. */
  static final int SHB = 0x0a0d0d0a;

  private static final int IDB = 1;
  private static final int OPB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;

  /** libpcap's largest first section header block. */
  private static final int FIRST_SECTION_LARGEST = 1 << 20;

  /** libpcap's largest block for most link types ({@link #largestBlock()}). */
  private static final int INITIAL_LARGEST = 16 << 20;

  private final Path file;
  private boolean little;

  /** Whether the file's first section header has been read (its byte order is the file's). */
  private boolean sectioned;

  private final List<Interface> interfaces = new ArrayList<>();

  /**
   * The file's first interface, whose link type and snapshot length are the file's: libpcap stops
   * at an interface that differs from it. Read by the constructor (a file without one is refused).
   */
  private Interface first;

  /** Whether records need libpcap's post-processing ({@link PseudoHeaders}). */
  private boolean post;

  /** The current record's stamp: nanoseconds since the epoch, and libpcap's microsecond fields. */
  private long ts;

  private int tsSec;
  private int tsMicros;

  /**
   * Reads the blocks up to the first interface, as libpcap does when it opens a file: damage before
   * it (a packet block among it) refuses the file before a record is read.
   */
  PcapngReader(Path file, ByteSource src) throws IOException {
    super(src);
    this.file = file;
    while (first == null) {
      block();
    }
  }

  @Override
  public boolean next() throws IOException {
    int kind;
    do {
      kind = block();
    } while (kind == 0);
    return kind > 0;
  }

  /**
   * Reads one block: 1 when it is a packet (the current record), 0 for another block, -1 at the end
   * of the file.
   */
  private int block() throws IOException {
    long at = src.position();
    int got = src.request(12);
    if (got == 0) {
      if (first == null) {
        throw damage(at, "no interface description block before the end of the file");
      }
      return -1;
    }
    if (got < 12) {
      throw damage(at, "truncated block header (" + got + " of 12 bytes)");
    }
    byte[] b = src.buffer();
    int c = src.cursor();
    int type = Bytes.be32(b, c);
    // libpcap's open reads on past a section header before the first interface without looking
    // into it (its byte order, its version): a block like any other
    boolean skipped = type == SHB && sectioned && first == null;
    if (type == SHB && !skipped) {
      int bom = Bytes.be32(b, c + 8);
      boolean order;
      if (bom == 0x1a2b3c4d) {
        order = false;
      } else if (bom == 0x4d3c2b1a) {
        order = true;
      } else {
        throw damage(at, String.format("bad section byte-order magic 0x%08x", bom));
      }
      if (sectioned && order != little) {
        throw damage(at, "section in the other byte order (libpcap reads one order per file)");
      }
      little = order;
      interfaces.clear();
    } else if (!sectioned) {
      throw damage(at, "pcapng file does not start with a section header");
    }
    type = Bytes.u32(b, c, little);
    long length = Integer.toUnsignedLong(Bytes.u32(b, c + 4, little));
    if (length < 12 || length % 4 != 0) {
      throw damage(at, "bad block length " + length);
    }
    long largest = !sectioned ? FIRST_SECTION_LARGEST : largestBlock();
    if (length > largest) {
      throw damage(at, "block of " + length + " bytes, larger than libpcap's " + largest);
    }
    int len = (int) length;
    int have = src.request(len);
    if (have < len) {
      throw damage(
          at, "block of " + len + " bytes runs past the end of the file (" + have + " left)");
    }
    b = src.buffer();
    c = src.cursor();
    // libpcap reads the first section header without looking at its trailing length
    if (sectioned && Integer.toUnsignedLong(Bytes.u32(b, c + len - 4, little)) != length) {
      throw damage(at, "block's trailing length does not match " + length);
    }
    boolean packet =
        switch (type) {
          case SHB -> {
            if (!skipped) {
              section(b, c, len, at);
            }
            yield false;
          }
          case IDB -> {
            interfaces.add(describe(b, c, len, at));
            yield false;
          }
          case EPB -> timestamped(b, c, len, at, true);
          case SPB -> simple(b, c, len, at);
          case OPB -> timestamped(b, c, len, at, false);
          default -> false;
        };
    src.skip(len);
    if (!packet) {
      return 0;
    }
    if (post) {
      postProcess(first.linkType(), !little);
    }
    recordOffset = at;
    count++;
    return 1;
  }

  /**
   * libpcap's version rules: the first section must be 1.0 or 1.2 (the file is refused), a later
   * one of major version 1 (reading stops there).
   */
  private void section(byte[] b, int c, int len, long at) throws CaptureFormatException {
    if (len < 28) {
      throw damage(at, "section header block too short (" + len + " bytes)");
    }
    int major = Bytes.u16(b, c + 12, little);
    int minor = Bytes.u16(b, c + 14, little);
    if (major != 1 || !sectioned && minor != 0 && minor != 2) {
      throw damage(at, "unsupported pcapng version " + major + "." + minor);
    }
    sectioned = true;
  }

  private Interface describe(byte[] b, int c, int len, long at) throws CaptureFormatException {
    if (len < 20) {
      throw damage(at, "interface description block too short");
    }
    int lt = Bytes.u16(b, c + 8, little);
    int snap = Bytes.u32(b, c + 12, little);
    long units = 1_000_000;
    boolean decimal = true;
    long offsetSeconds = 0;
    int p = c + 16;
    int end = c + len - 4;
    boolean sawResolution = false;
    boolean sawOffset = false;
    while (p + 4 <= end) { // libpcap's checks, each one damage
      int code = Bytes.u16(b, p, little);
      int olen = Bytes.u16(b, p + 2, little);
      if (p + 4 + olen > end) {
        throw damage(at, "interface option runs past its block");
      }
      if (code == 0) {
        if (olen != 0) {
          throw damage(at, "interface's end-of-options option has length " + olen + ", not 0");
        }
        break;
      }
      if (code == 9) { // if_tsresol: 10^-n s, or 2^-n with the top bit set; unsigned 64 bits
        if (olen != 1 || sawResolution) {
          throw damage(at, olen != 1 ? "if_tsresol of " + olen + " bytes" : "two if_tsresol");
        }
        sawResolution = true;
        int v = b[p + 4] & 0xff;
        int exp = v & 0x7f;
        decimal = (v & 0x80) == 0;
        if (decimal ? exp > 19 : exp > 63) {
          throw damage(at, "if_tsresol " + (decimal ? "10" : "2") + "^-" + exp + " is too fine");
        }
        units = decimal ? pow(10, exp) : 1L << exp;
      }
      if (code == 14) { // if_tsoffset: seconds added to every stamp
        if (olen != 8 || sawOffset) {
          throw damage(at, olen != 8 ? "if_tsoffset of " + olen + " bytes" : "two if_tsoffset");
        }
        sawOffset = true;
        long first = Integer.toUnsignedLong(Bytes.u32(b, p + 4, little));
        long second = Integer.toUnsignedLong(Bytes.u32(b, p + 8, little));
        offsetSeconds = little ? second << 32 | first : first << 32 | second;
      }
      p += 4 + ((olen + 3) & ~3);
    }
    Interface i = new Interface(lt, Snapshot.length(lt, snap), units, decimal, offsetSeconds);
    if (first == null) {
      first = i;
      post = PseudoHeaders.affects(lt, !little);
    } else {
      requireLikeFirst(i, snap, at);
    }
    return i;
  }

  /** libpcap's rule for every interface after the first: the same link type and snapshot. */
  private void requireLikeFirst(Interface i, int declaredSnaplen, long at)
      throws CaptureFormatException {
    int lt = i.linkType();
    if (LinkTypes.dlt(first.linkType()) != lt) {
      // libpcap compares the first interface's DLT with this one's LINKTYPE: a second interface
      // of LINKTYPE_RAW (DLT 12) stops it too
      throw damage(
          at,
          "interface of link type "
              + lt
              + ", not the first interface's "
              + first.linkType()
              + " (libpcap reads one link type per file)");
    } else if (i.snapshot() != first.snapshot()) {
      throw damage(
          at,
          "interface with snapshot length "
              + Integer.toUnsignedString(declaredSnaplen)
              + ", not the first interface's "
              + first.snapshot()
              + " (libpcap reads one per file)");
    }
  }

  /**
   * libpcap's largest block: 16 MiB, or once the first interface is read, an enhanced packet block
   * of the link type's largest packet with 128 KiB of options if that is larger (D-Bus).
   */
  private long largestBlock() {
    long forLinkType = first == null ? 0 : 8 + 20 + Snapshot.maximum(first.linkType()) + 131072 + 4;
    return Math.max(INITIAL_LARGEST, forLinkType);
  }

  private static long pow(long base, int exp) {
    long r = 1;
    for (int i = 0; i < exp; i++) {
      r *= base;
    }
    return r;
  }

  private Interface iface(int id, long at) throws CaptureFormatException {
    if (first == null) { // libpcap refuses such a file when opening it
      throw damage(at, "packet block before any interface description block");
    }
    if (id < 0 || id >= interfaces.size()) {
      throw damage(at, "packet for undeclared interface " + id);
    }
    return interfaces.get(id);
  }

  /** Enhanced (type 6, 32-bit interface id) and obsolete (type 2, 16-bit id) packet blocks. */
  private boolean timestamped(byte[] b, int c, int len, long at, boolean enhanced)
      throws CaptureFormatException {
    if (len < 32) {
      throw damage(at, "packet block too short");
    }
    int id = enhanced ? Bytes.u32(b, c + 8, little) : Bytes.u16(b, c + 8, little);
    Interface i = iface(id, at);
    long stamp =
        Integer.toUnsignedLong(Bytes.u32(b, c + 12, little)) << 32
            | Integer.toUnsignedLong(Bytes.u32(b, c + 16, little));
    int cap = Bytes.u32(b, c + 20, little);
    int orig = Bytes.u32(b, c + 24, little);
    return packet(i, stamp, cap, orig, c + 28, c + len - 4, at);
  }

  private boolean simple(byte[] b, int c, int len, long at) throws CaptureFormatException {
    if (len < 16) {
      throw damage(at, "simple packet block too short");
    }
    Interface i = iface(0, at);
    int orig = Bytes.u32(b, c + 8, little);
    // libpcap: the packet is its original length cut to the snapshot length, and a block too short
    // to hold that is damage (the block's padding is not packet data).
    int cap = Integer.compareUnsigned(orig, i.snapshot()) > 0 ? i.snapshot() : orig;
    if (cap > len - 16) {
      throw damage(at, "simple packet block too short for its " + cap + "-byte packet");
    }
    return packet(i, 0, cap, orig, c + 12, c + len - 4, at);
  }

  private boolean packet(Interface i, long stamp, int cap, int orig, int data, int limit, long at)
      throws CaptureFormatException {
    if (cap < 0 || data + (long) cap > limit) {
      throw damage(at, "captured length " + Integer.toUnsignedString(cap) + " runs past its block");
    }
    if (cap > i.snapshot()) { // libpcap's rule for pcapng: damage, not cut
      throw damage(
          at, "captured length " + cap + " is larger than the snapshot length " + i.snapshot());
    }
    offset = data;
    caplen = cap;
    wirelen = orig;
    long units = i.unitsPerSecond();
    long sec = Long.divideUnsigned(stamp, units) + i.offsetSeconds();
    long frac = Long.remainderUnsigned(stamp, units);
    ts = sec * 1_000_000_000L + scale(frac, units, 1_000_000_000L);
    tsSec = (int) sec;
    tsMicros =
        i.decimal()
            ? (int) scale(frac, units, 1_000_000L)
            // libpcap's (frac * 10^6) / units, in its wrapping unsigned 64-bit arithmetic
            : (int) Long.divideUnsigned(frac * 1_000_000L, units);
    return true;
  }

  /**
   * {@code frac} (below {@code units}; both unsigned, 10^19 and 2^63 are units too) in units of
   * {@code 1/to} s, rounded down, exactly.
   */
  private static long scale(long frac, long units, long to) {
    if (units > 0) {
      if (units % to == 0) {
        return frac / (units / to);
      }
      if (to % units == 0) {
        return frac * (to / units);
      }
    }
    return unsigned(frac).multiply(BigInteger.valueOf(to)).divide(unsigned(units)).longValue();
  }

  private static BigInteger unsigned(long v) {
    return BigInteger.valueOf(v).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
  }

  private CaptureFormatException damage(long at, String detail) {
    return new CaptureFormatException(file, at, detail);
  }

  @Override
  public long timestampNanos() {
    return ts;
  }

  @Override
  public int timestampSeconds() {
    return tsSec;
  }

  @Override
  public int timestampMicros() {
    return tsMicros;
  }

  @Override
  public int linkType() {
    return first.linkType();
  }

  @Override
  public int linkTypeField() {
    return LinkTypes.savefileField(linkType());
  }

  @Override
  public int snaplen() {
    return first.snapshot();
  }
}
