package io.bpfjit.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds pcapng files for tests, in either byte order (shared by the capture and CLI tests). */
public final class PcapngBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  public PcapngBuilder(ByteOrder order) {
    this.order = order;
  }

  /** Writes the blocks that follow in {@code order} (a file whose sections differ in order). */
  public PcapngBuilder order(ByteOrder order) {
    this.order = order;
    return this;
  }

  private void block(int type, byte[] body) {
    int len = 12 + ((body.length + 3) & ~3);
    ByteBuffer b = ByteBuffer.allocate(len).order(order);
    b.putInt(type).putInt(len).put(body);
    b.position(len - 4);
    b.putInt(len);
    out.writeBytes(b.array());
  }

  public PcapngBuilder section() {
    return section(1, 0);
  }

  /** A section header of version {@code major.minor}. */
  public PcapngBuilder section(int major, int minor) {
    ByteBuffer b = ByteBuffer.allocate(16).order(order);
    b.putInt(0x1a2b3c4d).putShort((short) major).putShort((short) minor).putLong(-1);
    block(0x0a0d0d0a, b.array());
    return this;
  }

  /** An interface; {@code tsresol} -1 means no option (microseconds). */
  public PcapngBuilder iface(int linkType, int snaplen, int tsresol) {
    return iface(linkType, snaplen, tsresol, 0);
  }

  /** An interface with an {@code if_tsoffset} of {@code tsoffset} seconds unless it is 0. */
  public PcapngBuilder iface(int linkType, int snaplen, int tsresol, long tsoffset) {
    int size = 20 + (tsresol >= 0 ? 8 : 0) + (tsoffset != 0 ? 12 : 0);
    ByteBuffer b = ByteBuffer.allocate(size).order(order);
    b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    b.putShort((short) 2).putShort((short) 3).put(new byte[] {'e', 't', 'h', 0}); // if_name
    if (tsresol >= 0) {
      b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
    }
    if (tsoffset != 0) {
      b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
    }
    b.putShort((short) 0).putShort((short) 0);
    block(1, b.array());
    return this;
  }

  /** An option: its code and value (its length is the value's). */
  public record Option(int code, byte[] value) {}

  /**
   * An interface whose options are {@code options} as given, in this order and without an
   * end-of-options option unless one is among them: for damaged and unusual ones.
   */
  public PcapngBuilder iface(int linkType, int snaplen, Option... options) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteBuffer fixed = ByteBuffer.allocate(8).order(order);
    fixed.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    body.writeBytes(fixed.array());
    for (Option o : options) {
      ByteBuffer b = ByteBuffer.allocate(4 + ((o.value().length + 3) & ~3)).order(order);
      b.putShort((short) o.code()).putShort((short) o.value().length).put(o.value());
      body.writeBytes(b.array());
    }
    block(1, body.toByteArray());
    return this;
  }

  public PcapngBuilder enhanced(int iface, long stamp, byte[] data, int wirelen) {
    ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3) + 12).order(order);
    b.putInt(iface).putInt((int) (stamp >>> 32)).putInt((int) stamp);
    b.putInt(data.length).putInt(wirelen).put(data);
    b.position(20 + ((data.length + 3) & ~3));
    b.putShort((short) 1).putShort((short) 4).put(new byte[] {'h', 'i', '!', '!'}); // comment
    b.putShort((short) 0).putShort((short) 0);
    block(6, b.array());
    return this;
  }

  public PcapngBuilder simple(byte[] data) {
    return simple(data, data.length);
  }

  /** A simple packet block holding {@code data} of a packet {@code wirelen} bytes long. */
  public PcapngBuilder simple(byte[] data, int wirelen) {
    ByteBuffer b = ByteBuffer.allocate(4 + ((data.length + 3) & ~3)).order(order);
    b.putInt(wirelen).put(data);
    block(3, b.array());
    return this;
  }

  public PcapngBuilder obsolete(int iface, long stamp, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3)).order(order);
    b.putShort((short) iface).putShort((short) 0).putInt((int) (stamp >>> 32)).putInt((int) stamp);
    b.putInt(data.length).putInt(data.length).put(data);
    block(2, b.array());
    return this;
  }

  public PcapngBuilder other(int type) {
    block(type, new byte[] {1, 2, 3, 4, 5});
    return this;
  }

  /** A block of an unknown {@code type} and {@code length} bytes in all (a multiple of 4). */
  public PcapngBuilder other(int type, int length) {
    block(type, new byte[length - 12]);
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }
}
