package io.bpfjit;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A compiled or interpreted filter: runs one verified program over packets. Implementations are
 * immutable and thread-safe, never throw because of packet contents, and give the 32-bit result of
 * docs/semantics.md (0 = reject).
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
   * left unchanged (loads are big-endian whatever the order). Heap buffers are read in place
   * through their array. This default copies a buffer without an accessible array (direct or
   * read-only) into a per-thread array first; bpfjit's engines (interpreter and JIT) override it
   * and read every kind of buffer in place.
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

  /**
   * Runs over {@code packet[offset .. offset + caplen)} at absolute indices, as {@link
   * #apply(byte[], int, int, int)} does over an array: for packets kept side by side in one buffer
   * (a capture read into direct memory), with no view per packet. The buffer's position, limit and
   * byte order are left unchanged and do not matter (loads are big-endian), but for the limit,
   * which the region must lie within. This default runs {@link #apply(ByteBuffer, int)} over a
   * view.
   *
   * @throws IndexOutOfBoundsException if offset and caplen do not describe a region below the limit
   */
  default int apply(ByteBuffer packet, int offset, int caplen, int wirelen) {
    Objects.checkFromIndexSize(offset, caplen, packet.limit());
    return apply(packet.duplicate().limit(offset + caplen).position(offset), wirelen);
  }

  /** True when the result over {@code position .. limit} (wirelen = remaining) is non-zero. */
  default boolean matches(ByteBuffer packet) {
    return apply(packet, packet.remaining()) != 0;
  }

  /**
   * Counts the packets of {@code packets} (each whole array, caplen = wirelen = its length) with a
   * non-zero result. Compiled engines run this loop inside the generated class.
   */
  default int count(byte[][] packets) {
    int matched = 0;
    for (byte[] p : packets) {
      if (apply(p, 0, p.length, p.length) != 0) {
        matched++;
      }
    }
    return matched;
  }

  /**
   * Counts matches among {@code n} packets stored in one array: packet i is {@code data[offsets[i]
   * .. offsets[i] + caplens[i])} with original length {@code wirelens[i]}.
   *
   * @throws IndexOutOfBoundsException if n exceeds an index array or a packet's region is invalid
   */
  default int count(byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n) {
    checkBatch(offsets, caplens, wirelens, n);
    int matched = 0;
    for (int i = 0; i < n; i++) {
      if (apply(data, offsets[i], caplens[i], wirelens[i]) != 0) {
        matched++;
      }
    }
    return matched;
  }

  /**
   * Like {@link #count(byte[], int[], int[], int[], int)}, and writes the indices of the matching
   * packets, in order, to {@code matches} (which must hold {@code n}).
   */
  default int select(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n, int[] matches) {
    checkBatch(offsets, caplens, wirelens, n);
    Objects.checkFromIndexSize(0, n, matches.length);
    int matched = 0;
    for (int i = 0; i < n; i++) {
      if (apply(data, offsets[i], caplens[i], wirelens[i]) != 0) {
        matches[matched++] = i;
      }
    }
    return matched;
  }

  /** Checks that {@code n} entries exist in each index array of a batch. */
  static void checkBatch(int[] offsets, int[] caplens, int[] wirelens, int n) {
    Objects.checkFromIndexSize(0, n, offsets.length);
    Objects.checkFromIndexSize(0, n, caplens.length);
    Objects.checkFromIndexSize(0, n, wirelens.length);
  }

  /**
   * The argument check every engine makes before running (docs/semantics.md section 6).
   *
   * @throws IndexOutOfBoundsException if {@code [offset, offset + caplen)} is not within the array
   */
  static void checkRegion(byte[] packet, int offset, int caplen) {
    Objects.checkFromIndexSize(offset, caplen, packet.length);
  }
}
