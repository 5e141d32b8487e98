package io.bpfjit.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds classic pcap files for tests, every header field as given (damaged and unusual ones too),
 * in either byte order (shared by the capture and CLI tests, beside {@link PcapngBuilder}).
 */
public final class PcapBuilder {
  /** Microsecond stamps. */
  public static final int MICROS = 0xa1b2c3d4;

  /** Nanosecond stamps. */
  public static final int NANOS = 0xa1b23c4d;

  /** The "modified" pcap of old Linux tcpdumps: 8 more bytes in each record header. */
  public static final int PATCHED = 0xa1b2cd34;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;

  /** A file header: magic, version {@code major.minor}, snapshot length, link-type field. */
  public PcapBuilder(ByteOrder order, int magic, int major, int minor, int snaplen, int linkType) {
    this.order = order;
    ByteBuffer b = ByteBuffer.allocate(24).order(order);
    b.putInt(magic).putShort((short) major).putShort((short) minor).putInt(0).putInt(0);
    b.putInt(snaplen).putInt(linkType);
    out.writeBytes(b.array());
  }

  /** A version 2.4 microsecond file header. */
  public PcapBuilder(ByteOrder order, int snaplen, int linkType) {
    this(order, MICROS, 2, 4, snaplen, linkType);
  }

  /** A record header with these four fields as they are, then {@code data}. */
  public PcapBuilder record(int sec, int frac, int capField, int lenField, byte[] data) {
    return record(sec, frac, capField, lenField, new byte[0], data);
  }

  /** The same with {@code extra} after the four fields (a patched file's 8 bytes). */
  public PcapBuilder record(
      int sec, int frac, int capField, int lenField, byte[] extra, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(16).order(order);
    b.putInt(sec).putInt(frac).putInt(capField).putInt(lenField);
    out.writeBytes(b.array());
    out.writeBytes(extra);
    out.writeBytes(data);
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }
}
