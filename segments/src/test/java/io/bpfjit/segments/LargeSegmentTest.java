package io.bpfjit.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets beyond 2 GiB: a sparse 5 GiB file mapped as one segment (only the pages written take
 * space), packets placed past 2 and 4 GiB, filtered one by one and in batches whose span is larger
 * than a buffer view can be (each packet then gets a view of its own) and smaller.
 */
class LargeSegmentTest {
  /** {@code ldh [12]; jeq #0x800; ret #65535 / ret #0}: an IPv4 ethertype matches. */
  private static final String IPV4 = "ldh [12]\njeq #0x800, yes, no\nyes: ret #65535\nno: ret #0\n";

  private static final long SIZE = 5L << 30;

  @TempDir Path tmp;

  @Test
  void packetsPastTwoAndFourGibibytes() throws IOException {
    VerifiedProgram program = Verifier.verify(BpfProgram.parse(IPV4));
    List<PacketFilter> engines = List.of(BpfInterpreter.of(program), BpfJit.compile(program));
    long[] offsets = {(2L << 30) + 5, (4L << 30) + 101, (4L << 30) + 301, SIZE - 60};
    int[] ethertypes = {0x0800, 0x86dd, 0x0800, 0x0800};
    try (FileChannel ch =
            FileChannel.open(
                tmp.resolve("sparse.bin"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE);
        Arena arena = Arena.ofConfined()) {
      MemorySegment file = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
      for (int i = 0; i < offsets.length; i++) {
        file.set(
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
            offsets[i] + 12,
            (short) ethertypes[i]);
      }
      int[] caplens = {60, 60, 60, 60};
      int[] wirelens = {60, 60, 60, 60};
      for (PacketFilter f : engines) {
        SegmentPackets packets = SegmentPackets.of(file);
        for (int i = 0; i < offsets.length; i++) {
          assertEquals(
              ethertypes[i] == 0x0800 ? 65535 : 0,
              packets.apply(f, offsets[i], 60, 60),
              f + " at " + offsets[i]);
        }
        // span > 2 GiB: a view per packet
        int[] matches = new int[4];
        assertEquals(3, packets.select(f, offsets, caplens, wirelens, 4, matches));
        assertEquals(List.of(0, 2, 3), List.of(matches[0], matches[1], matches[2]));
        // the last three lie within 1 GiB of each other, past 4 GiB: one view for all
        long[] high = {offsets[1], offsets[2], offsets[3]};
        assertEquals(2, packets.count(f, high, caplens, wirelens, 3));
        // a region running past the segment's end is refused before anything runs
        assertThrows(IndexOutOfBoundsException.class, () -> packets.apply(f, SIZE - 59, 60, 60));
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> packets.count(f, new long[] {SIZE}, caplens, wirelens, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> packets.apply(f, 0, -1, 60));
      }
    }
  }
}
