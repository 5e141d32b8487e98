package io.bpfjit.segments;

import io.bpfjit.PacketFilter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Packets in one {@link MemorySegment} (native, mapped or heap, of any size: offsets are 64-bit),
 * filtered in place: a packet is given to the filter as a {@link ByteBuffer} view of the segment,
 * which bpfjit's engines read where it is at absolute indices ({@link
 * PacketFilter#apply(ByteBuffer, int, int, int)}: a native or mapped segment as a direct buffer, a
 * {@code byte[]} segment through its array). One view serves every packet within the same 2 GiB, so
 * filtering packet after packet allocates nothing and moves no position. Only a heap segment over
 * another kind of array ({@code long[]}, say), which has no byte-buffer view, is copied.
 *
 * <p>Results are the engines' results over the same bytes as a {@code byte[]}: packet i is {@code
 * segment[offset .. offset + caplen)} with {@code wirelen} its length on the wire. An instance
 * keeps the view it last made: use one per thread (they are cheap: {@link #of}). The segment must
 * stay alive and accessible from that thread (its arena's rules).
 */
public final class SegmentPackets {
  /** The span of one view of a segment larger than a buffer can be. */
  private static final long WINDOW = 1L << 30;

  private final MemorySegment segment;
  private final long size;
  private ByteBuffer view;
  private long base;
  private long end;

  private SegmentPackets(MemorySegment segment) {
    this.segment = segment;
    this.size = segment.byteSize();
  }

  /** The packets of {@code segment}. */
  public static SegmentPackets of(MemorySegment segment) {
    return new SegmentPackets(Objects.requireNonNull(segment, "segment"));
  }

  /**
   * True when the filter's result over the whole of {@code packet} (wirelen = its size) is not 0.
   */
  public static boolean matches(PacketFilter filter, MemorySegment packet) {
    int caplen = Math.toIntExact(packet.byteSize());
    return of(packet).apply(filter, 0, caplen, caplen) != 0;
  }

  /** The segment these packets are in. */
  public MemorySegment segment() {
    return segment;
  }

  /**
   * The filter's result over {@code segment[offset .. offset + caplen)}.
   *
   * @throws IndexOutOfBoundsException if that region is not within the segment
   */
  public int apply(PacketFilter filter, long offset, int caplen, int wirelen) {
    Objects.checkFromIndexSize(offset, caplen, size);
    int at = at(offset, caplen);
    return filter.apply(view, at, caplen, wirelen);
  }

  /**
   * Counts matches among {@code n} packets: packet i is {@code segment[offsets[i] .. offsets[i] +
   * caplens[i])} with original length {@code wirelens[i]}.
   *
   * @throws IndexOutOfBoundsException if n exceeds an index array or a packet's region is invalid
   *     (checked for all before any runs)
   */
  public int count(PacketFilter filter, long[] offsets, int[] caplens, int[] wirelens, int n) {
    return run(filter, offsets, caplens, wirelens, n, null);
  }

  /**
   * Like {@link #count}, and writes the indices of the matching packets, in order, to {@code
   * matches} (which must hold {@code n}).
   */
  public int select(
      PacketFilter filter, long[] offsets, int[] caplens, int[] wirelens, int n, int[] matches) {
    Objects.checkFromIndexSize(0, n, matches.length);
    return run(filter, offsets, caplens, wirelens, n, matches);
  }

  private int run(
      PacketFilter filter, long[] offsets, int[] caplens, int[] wirelens, int n, int[] matches) {
    Objects.checkFromIndexSize(0, n, offsets.length);
    Objects.checkFromIndexSize(0, n, caplens.length);
    Objects.checkFromIndexSize(0, n, wirelens.length);
    for (int i = 0; i < n; i++) {
      Objects.checkFromIndexSize(offsets[i], caplens[i], size);
    }
    int matched = 0;
    for (int i = 0; i < n; i++) {
      int caplen = caplens[i];
      int at = at(offsets[i], caplen);
      if (filter.apply(view, at, caplen, wirelens[i]) != 0) {
        if (matches != null) {
          matches[matched] = i;
        }
        matched++;
      }
    }
    return matched;
  }

  /**
   * The index in {@link #view} of {@code segment[offset]}, moving the view first when {@code
   * [offset, offset + caplen)} (a checked region) is not within it.
   */
  private int at(long offset, int caplen) {
    if (view == null || offset < base || offset + caplen > end) {
      // the whole segment when a buffer can span it, else a window from this packet on
      base = size <= Integer.MAX_VALUE ? 0 : offset;
      end = size <= Integer.MAX_VALUE ? size : Math.min(size, offset + WINDOW);
      view = view(segment, base, end - base);
    }
    return (int) (offset - base);
  }

  /** {@code segment[offset .. offset + length)} as a byte buffer: a view, else a copy. */
  private static ByteBuffer view(MemorySegment segment, long offset, long length) {
    MemorySegment slice = segment.asSlice(offset, length);
    try {
      return slice.asByteBuffer();
    } catch (UnsupportedOperationException e) {
      // a heap segment over an array of wider elements: no byte-buffer view exists
      return ByteBuffer.wrap(slice.toArray(ValueLayout.JAVA_BYTE));
    }
  }
}
