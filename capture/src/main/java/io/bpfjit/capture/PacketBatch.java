package io.bpfjit.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A whole capture held in memory for repeated filtering: every packet's bytes in one array, packet
 * i at {@code offsets[i]} — the layout of {@code PacketFilter.count(data, offsets, ...)}.
 */
public record PacketBatch(byte[] data, int[] offsets, int[] caplens, int[] wirelens) {
  /** Number of packets. */
  public int count() {
    return offsets.length;
  }

  /** A copy of packet {@code i}'s captured bytes. */
  public byte[] packet(int i) {
    return Arrays.copyOfRange(data, offsets[i], offsets[i] + caplens[i]);
  }

  /** Reads every record of a pcap or pcapng file. */
  public static PacketBatch load(Path file) throws IOException {
    byte[] data = new byte[1 << 20];
    int[] off = new int[1024];
    int[] cap = new int[1024];
    int[] wire = new int[1024];
    int n = 0;
    int pos = 0;
    try (CaptureReader in = CaptureReader.open(file)) {
      while (in.next()) {
        if (pos + in.caplen() > data.length) {
          data = Arrays.copyOf(data, Math.max(data.length * 2, pos + in.caplen()));
        }
        if (n == off.length) {
          off = Arrays.copyOf(off, n * 2);
          cap = Arrays.copyOf(cap, n * 2);
          wire = Arrays.copyOf(wire, n * 2);
        }
        System.arraycopy(in.buffer(), in.offset(), data, pos, in.caplen());
        off[n] = pos;
        cap[n] = in.caplen();
        wire[n] = in.wirelen();
        pos += in.caplen();
        n++;
      }
    }
    return new PacketBatch(
        Arrays.copyOf(data, pos),
        Arrays.copyOf(off, n),
        Arrays.copyOf(cap, n),
        Arrays.copyOf(wire, n));
  }
}
