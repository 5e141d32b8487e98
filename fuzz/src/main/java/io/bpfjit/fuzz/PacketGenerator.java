package io.bpfjit.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Packets with their lengths: random bytes, header-shaped frames, real corpus packets and mutations
 * of them, truncated at header boundaries; caplen below, at and above wirelen.
 */
public final class PacketGenerator {
  /** One run's input: {@code data[offset .. offset + caplen)} and the wire length. */
  public record Input(byte[] data, int offset, int caplen, int wirelen) {}

  private static final int[] BOUNDARIES = {
    0, 1, 12, 13, 14, 15, 18, 22, 23, 24, 33, 34, 38, 42, 54, 58
  };

  private PacketGenerator() {}

  /** A packet; {@code samples} may hold real packets to start from (may be empty). */
  public static Input next(SplittableRandom r, List<byte[]> samples) {
    byte[] body;
    int kind = r.nextInt(10);
    if (kind < 4 && !samples.isEmpty()) {
      body = samples.get(r.nextInt(samples.size())).clone();
      if (r.nextBoolean() && body.length > 0) {
        body[r.nextInt(body.length)] = (byte) r.nextInt(256);
      }
    } else if (kind < 7) {
      body = ethernetLike(r);
    } else {
      body = new byte[r.nextInt(10) < 8 ? r.nextInt(80) : r.nextInt(1601)];
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) r.nextInt(256);
      }
    }
    int caplen = body.length;
    if (r.nextInt(4) == 0) {
      caplen = Math.min(caplen, BOUNDARIES[r.nextInt(BOUNDARIES.length)]);
    }
    int wirelen =
        switch (r.nextInt(6)) {
          case 0 -> caplen + r.nextInt(1500);
          case 1 -> Math.max(0, caplen - r.nextInt(20));
          case 2 -> r.nextInt();
          default -> caplen;
        };
    int offset = r.nextInt(4) == 0 ? 1 + r.nextInt(13) : 0;
    byte[] data = new byte[offset + caplen + r.nextInt(4)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) 0xa5;
    }
    System.arraycopy(body, 0, data, offset, caplen);
    return new Input(data, offset, caplen, wirelen);
  }

  /** An Ethernet/IPv4 or IPv6 frame with plausible header fields and random payload. */
  static byte[] ethernetLike(SplittableRandom r) {
    boolean v6 = r.nextInt(3) == 0;
    byte[] p = new byte[(v6 ? 54 : 34) + 20 + r.nextInt(64)];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) r.nextInt(256);
    }
    p[12] = (byte) (v6 ? 0x86 : 0x08);
    p[13] = (byte) (v6 ? 0xdd : 0x00);
    int[] protos = {6, 17, 1, 58, 0, 43, 44, 51, 60};
    if (v6) {
      p[14] = 0x60;
      p[20] = (byte) protos[r.nextInt(protos.length)];
    } else {
      p[14] = (byte) (0x40 | (5 + r.nextInt(3)));
      p[23] = (byte) protos[r.nextInt(protos.length)];
      if (r.nextBoolean()) {
        p[20] = 0;
        p[21] = 0;
      }
    }
    return p;
  }
}
