package io.bpfjit.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tiny static helpers the generated code calls: multi-byte packet reads (HotSpot inlines them;
 * bounds were checked against caplen, the array's own range check remains) and the trampoline's
 * per-thread state array.
 */
final class JitRuntime {
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private static final ThreadLocal<int[][]> STATE = ThreadLocal.withInitial(() -> new int[1][]);

  private JitRuntime() {}

  /**
   * A zeroed per-thread array of at least {@code n} ints: the trampoline's saved machine state. One
   * run per thread at a time uses it, and no filter calls another, so it is never shared.
   */
  static int[] state(int n) {
    int[][] holder = STATE.get();
    int[] s = holder[0];
    if (s == null || s.length < n) {
      s = new int[Math.max(n, 32)];
      holder[0] = s;
    } else {
      java.util.Arrays.fill(s, 0, n, 0);
    }
    return s;
  }

  /** {@code P[i:4]} big-endian. */
  static int readInt(byte[] p, int i) {
    return (int) INT_BE.get(p, i);
  }

  /** {@code P[i:2]} big-endian, zero-extended. */
  static int readShort(byte[] p, int i) {
    return (short) SHORT_BE.get(p, i) & 0xffff;
  }
}
