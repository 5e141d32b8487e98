package io.bpfjit;

import java.nio.ByteBuffer;

/** Per-thread staging array for buffers without an accessible backing array. */
final class DirectBufferCopy {
  private static final ThreadLocal<byte[][]> BUFFER = ThreadLocal.withInitial(() -> new byte[1][]);

  private DirectBufferCopy() {}

  /** Copies {@code buf[position .. position + length)} without touching the buffer's state. */
  static byte[] copy(ByteBuffer buf, int position, int length) {
    byte[][] holder = BUFFER.get();
    byte[] dst = holder[0];
    if (dst == null || dst.length < length) {
      dst = new byte[Math.max(length, 2048)];
      holder[0] = dst;
    }
    buf.get(position, dst, 0, length);
    return dst;
  }
}
