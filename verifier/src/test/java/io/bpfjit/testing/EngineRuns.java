package io.bpfjit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.PacketFilter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Runs one packet through every entry point of a filter — the array at offset 0, the array at an
 * odd offset inside garbage, a heap {@code ByteBuffer} slice, direct buffers of both byte orders,
 * read-only heap and direct buffers (no array: read in place by bpfjit's engines), a batch of one
 * through {@code select} (compiled engines' batch loops) — and checks that they agree with the
 * expected result and leave the buffers untouched.
 */
public final class EngineRuns {
  private EngineRuns() {}

  /** Asserts every entry point gives {@code expected}. */
  public static void assertAllPaths(
      PacketFilter filter, byte[] packet, int wirelen, int expected, String what) {
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(packet, 0, packet.length, wirelen)),
        what + " [byte[] offset 0]");
    byte[] padded = new byte[packet.length + 24];
    Arrays.fill(padded, (byte) 0xa5);
    System.arraycopy(packet, 0, padded, 7, packet.length);
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(padded, 7, packet.length, wirelen)),
        what + " [byte[] offset 7]");
    ByteBuffer heap = ByteBuffer.wrap(padded, 7, packet.length).slice();
    heap.position(0);
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(heap, wirelen)),
        what + " [heap ByteBuffer]");
    ByteBuffer direct = ByteBuffer.allocateDirect(packet.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    direct.position(3);
    direct.put(packet);
    direct.position(3).limit(3 + packet.length);
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(direct, wirelen)),
        what + " [direct ByteBuffer]");
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(
            filter.apply(direct.limit(direct.capacity()), 3, packet.length, wirelen)),
        what + " [direct ByteBuffer, absolute]");
    direct.limit(3 + packet.length);
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(ByteBuffer.wrap(padded), 7, packet.length, wirelen)),
        what + " [heap ByteBuffer, absolute]");
    assertEquals(3, direct.position(), what + " [direct position unchanged]");
    assertEquals(3 + packet.length, direct.limit(), what + " [direct limit unchanged]");
    assertEquals(ByteOrder.LITTLE_ENDIAN, direct.order(), what + " [order unchanged]");
    ByteBuffer bigEndian = ByteBuffer.allocateDirect(packet.length).put(packet).flip();
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(bigEndian, wirelen)),
        what + " [big-endian direct ByteBuffer]");
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(direct.asReadOnlyBuffer(), wirelen)),
        what + " [read-only direct ByteBuffer]");
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(filter.apply(heap.asReadOnlyBuffer(), wirelen)),
        what + " [read-only heap ByteBuffer]");
    int[] matches = {-1};
    int selected =
        filter.select(
            padded, new int[] {7}, new int[] {packet.length}, new int[] {wirelen}, 1, matches);
    assertEquals(expected != 0 ? 1 : 0, selected, what + " [select, a batch of one]");
    assertEquals(expected != 0 ? 0 : -1, matches[0], what + " [select's index]");
  }
}
