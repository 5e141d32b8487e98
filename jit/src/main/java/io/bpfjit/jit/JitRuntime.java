package io.bpfjit.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tiny static helpers the generated code calls for multi-byte packet reads; HotSpot inlines them.
 * Bounds were checked by the generated code against caplen; the array's own range check remains.
 */
final class JitRuntime {
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private JitRuntime() {}

  /** {@code P[i:4]} big-endian. */
  static int readInt(byte[] p, int i) {
    return (int) INT_BE.get(p, i);
  }

  /** {@code P[i:2]} big-endian, zero-extended. */
  static int readShort(byte[] p, int i) {
    return (short) SHORT_BE.get(p, i) & 0xffff;
  }
}
