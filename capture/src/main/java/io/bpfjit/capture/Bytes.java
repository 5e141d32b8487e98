package io.bpfjit.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Integer reads in either byte order. */
final class Bytes {
  private static final VarHandle BE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle BE32_BUFFER =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE32_BUFFER =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle BE64_BUFFER =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE64_BUFFER =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Bytes() {}

  static int be32(byte[] b, int i) {
    return (int) BE32.get(b, i);
  }

  /** One load, not four (record headers are read for every packet). */
  static int u32(byte[] b, int i, boolean little) {
    return little ? (int) LE32.get(b, i) : (int) BE32.get(b, i);
  }

  /** Stores {@code v} little-endian at {@code b[i .. i + 4)}. */
  static void putLe32(byte[] b, int i, int v) {
    LE32.set(b, i, v);
  }

  /** A buffer's int at {@code i} (absolute, whatever its own byte order), in either order. */
  static int u32(ByteBuffer b, int i, boolean little) {
    return little ? (int) LE32_BUFFER.get(b, i) : (int) BE32_BUFFER.get(b, i);
  }

  /**
   * Eight bytes at {@code i} as a long in either order: two ints, {@link #first}, {@link #second}.
   */
  static long u64(ByteBuffer b, int i, boolean little) {
    return little ? (long) LE64_BUFFER.get(b, i) : (long) BE64_BUFFER.get(b, i);
  }

  /** Of a {@link #u64} read, the int stored first. */
  static int first(long v, boolean little) {
    return little ? (int) v : (int) (v >>> 32);
  }

  /** Of a {@link #u64} read, the int stored second. */
  static int second(long v, boolean little) {
    return little ? (int) (v >>> 32) : (int) v;
  }

  static int u16(ByteBuffer b, int i, boolean little) {
    int v = (b.get(i) & 0xff) << 8 | b.get(i + 1) & 0xff;
    return little ? Integer.reverseBytes(v) >>> 16 : v;
  }

  static int u16(byte[] b, int i, boolean little) {
    int v = (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    return little ? Integer.reverseBytes(v) >>> 16 : v;
  }
}
