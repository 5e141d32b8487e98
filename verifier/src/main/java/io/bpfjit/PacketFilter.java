package io.bpfjit;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A compiled or interpreted filter: runs one verified program over packets. Implementations are
 * immutable and thread-safe, never throw because of packet contents, and give the 32-bit result of
 * SEMANTICS.md Part A (0 = reject).
 */
public interface PacketFilter {

  /**
   * Runs the program over {@code packet[offset .. offset + caplen)}; {@code wirelen} is what {@code
   * ld #len} loads (read as unsigned, any value).
   *
   * @return the result of the {@code ret} reached, as 32 unsigned bits; 0 means reject
   * @throws IndexOutOfBoundsException if offset and caplen do not describe a region of the array
   */
  int apply(byte[] packet, int offset, int caplen, int wirelen);

  /** Runs over the whole array with caplen = wirelen = its length. */
  default int apply(byte[] packet) {
    return apply(packet, 0, packet.length, packet.length);
  }

  /** True when the result over the whole array is non-zero. */
  default boolean matches(byte[] packet) {
    return apply(packet) != 0;
  }

  /**
   * Runs over {@code position .. limit} of {@code packet}; its position, limit and byte order are
   * left unchanged (loads are big-endian whatever the order). Heap buffers are read in place;
   * direct and read-only ones are copied into a per-thread buffer.
   */
  default int apply(ByteBuffer packet, int wirelen) {
    int position = packet.position();
    int caplen = packet.limit() - position;
    if (packet.hasArray()) {
      return apply(packet.array(), packet.arrayOffset() + position, caplen, wirelen);
    }
    byte[] copy = DirectBufferCopy.copy(packet, position, caplen);
    return apply(copy, 0, caplen, wirelen);
  }

  /** True when the result over {@code position .. limit} (wirelen = remaining) is non-zero. */
  default boolean matches(ByteBuffer packet) {
    return apply(packet, packet.remaining()) != 0;
  }

  /**
   * The argument check every engine makes before running (SEMANTICS.md A.6).
   *
   * @throws IndexOutOfBoundsException if {@code [offset, offset + caplen)} is not within the array
   */
  static void checkRegion(byte[] packet, int offset, int caplen) {
    Objects.checkFromIndexSize(offset, caplen, packet.length);
  }
}
