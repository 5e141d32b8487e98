package io.bpfjit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The hard operations of docs/semantics.md section 2, once, for every engine: unsigned division,
 * the shift rules and overflow-free bounds tests. All values are 32-bit patterns read as unsigned.
 */
public final class BpfSemantics {
  private BpfSemantics() {}

  /**
   * True when a {@code width}-byte read at unsigned {@code offset} lies within {@code caplen}
   * bytes, computed in 64 bits so that no 32-bit wrap turns a huge offset into a small one.
   */
  public static boolean inBounds(long offset, int width, int caplen) {
    return offset + width <= caplen;
  }

  /** Offset {@code X + k} of an indirect load, in 64 bits (never wraps). */
  public static long indirectOffset(int x, int k) {
    return Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
  }

  /** {@code P[i:4]}, big-endian; the caller has checked bounds. */
  public static int readInt(byte[] p, int i) {
    return (p[i] & 0xff) << 24 | (p[i + 1] & 0xff) << 16 | (p[i + 2] & 0xff) << 8 | p[i + 3] & 0xff;
  }

  /** {@code P[i:2]}, big-endian, zero-extended; the caller has checked bounds. */
  public static int readShort(byte[] p, int i) {
    return (p[i] & 0xff) << 8 | p[i + 1] & 0xff;
  }

  /** {@code P[i:1]}, zero-extended; the caller has checked bounds. */
  public static int readByte(byte[] p, int i) {
    return p[i] & 0xff;
  }

  /**
   * {@code P[i:4]} of a buffer at absolute index {@code i}, big-endian whatever the buffer's order
   * (which, like its position and limit, is left alone); the caller has checked bounds. An absolute
   * get and an order test, not a byte-buffer view {@code VarHandle}: creating the two views cost
   * this class's initialisation 2–3 ms in a fresh JVM, paid by every engine's first packet, buffers
   * or not (C2 compiles either to the same load).
   */
  public static int readInt(ByteBuffer p, int i) {
    int v = p.getInt(i);
    return p.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
  }

  /** {@code P[i:2]} of a buffer at absolute index {@code i}, big-endian, zero-extended. */
  public static int readShort(ByteBuffer p, int i) {
    int v = p.getShort(i) & 0xffff;
    return p.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v) >>> 16;
  }

  /** {@code P[i:1]} of a buffer at absolute index {@code i}, zero-extended. */
  public static int readByte(ByteBuffer p, int i) {
    return p.get(i) & 0xff;
  }

  /**
   * {@code P[i:4]} of a packet held in a {@code byte[]} or a {@link ByteBuffer} (the engines that
   * take both run one loop over either); the caller has checked bounds.
   */
  public static int readInt(Object p, int i) {
    return p instanceof byte[] b ? readInt(b, i) : readInt((ByteBuffer) p, i);
  }

  /** {@code P[i:2]} of a {@code byte[]} or {@link ByteBuffer} packet. */
  public static int readShort(Object p, int i) {
    return p instanceof byte[] b ? readShort(b, i) : readShort((ByteBuffer) p, i);
  }

  /** {@code P[i:1]} of a {@code byte[]} or {@link ByteBuffer} packet. */
  public static int readByte(Object p, int i) {
    return p instanceof byte[] b ? readByte(b, i) : readByte((ByteBuffer) p, i);
  }

  /** Unsigned {@code a / b}; b ≠ 0. */
  public static int divide(int a, int b) {
    return Integer.divideUnsigned(a, b);
  }

  /** Unsigned {@code a % b}; b ≠ 0. */
  public static int remainder(int a, int b) {
    return Integer.remainderUnsigned(a, b);
  }

  /** {@code lsh x}: 0 when the unsigned count is ≥ 32 (libpcap's explicit rule). */
  public static int shiftLeftByX(int a, int x) {
    return Integer.compareUnsigned(x, 32) >= 0 ? 0 : a << x;
  }

  /** {@code rsh x}: logical; 0 when the unsigned count is ≥ 32. */
  public static int shiftRightByX(int a, int x) {
    return Integer.compareUnsigned(x, 32) >= 0 ? 0 : a >>> x;
  }

  /** {@code lsh #k}: {@code a << (k & 31)}, what libpcap computes on x86-64. */
  public static int shiftLeftByK(int a, int k) {
    return a << (k & 31);
  }

  /** {@code rsh #k}: {@code a >>> (k & 31)}. */
  public static int shiftRightByK(int a, int k) {
    return a >>> (k & 31);
  }
}
