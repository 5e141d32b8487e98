package io.bpfjit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic pcap file held in memory (test code: the CLI brings the real capture reader). Packets
 * stay inside the file's array, so every engine is exercised with non-zero offsets.
 */
public final class Capture {
  /** One record: {@code data[offset .. offset + caplen)} and its original length. */
  public record Packet(byte[] data, int offset, int caplen, int wirelen) {
    /** A fresh array holding just the captured bytes. */
    public byte[] bytes() {
      byte[] out = new byte[caplen];
      System.arraycopy(data, offset, out, 0, caplen);
      return out;
    }
  }

  private final String name;
  private final int linkType;
  private final List<Packet> packets;

  private Capture(String name, int linkType, List<Packet> packets) {
    this.name = name;
    this.linkType = linkType;
    this.packets = packets;
  }

  /** Reads a classic pcap file (either byte order, micro- or nanosecond). */
  public static Capture read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 24) {
      throw new IOException(file + ": too short for a pcap header");
    }
    int magic = be32(b, 0);
    boolean little;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
      little = false;
    } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      little = true;
    } else {
      throw new IOException(file + ": bad magic 0x" + Integer.toHexString(magic));
    }
    int linkType = u32(b, 20, little) & 0x0fffffff;
    List<Packet> packets = new ArrayList<>();
    int pos = 24;
    while (pos < b.length) {
      if (pos + 16 > b.length) {
        throw new IOException(file + ": truncated record header at byte " + pos);
      }
      int caplen = u32(b, pos + 8, little);
      int wirelen = u32(b, pos + 12, little);
      if (caplen < 0 || pos + 16 + (long) caplen > b.length) {
        throw new IOException(file + ": record at byte " + pos + " runs past the end");
      }
      packets.add(new Packet(b, pos + 16, caplen, wirelen));
      pos += 16 + caplen;
    }
    return new Capture(file.getFileName().toString(), linkType, List.copyOf(packets));
  }

  private static int be32(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
  }

  private static int u32(byte[] b, int i, boolean little) {
    int v = be32(b, i);
    return little ? Integer.reverseBytes(v) : v;
  }

  /** The file name. */
  public String name() {
    return name;
  }

  /** The link type from the file header. */
  public int linkType() {
    return linkType;
  }

  /** The records in file order. */
  public List<Packet> packets() {
    return packets;
  }
}
