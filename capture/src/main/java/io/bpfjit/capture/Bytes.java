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

  static int u16(ByteBuffer b, int i, boolean little) {
    int v = (b.get(i) & 0xff) << 8 | b.get(i + 1) & 0xff;
    return little ? Integer.reverseBytes(v) >>> 16 : v;
  }

  static int u16(byte[] b, int i, boolean little) {
    int v = (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    return little ? Integer.reverseBytes(v) >>> 16 : v;
  }
}
