package io.bpfjit.jit.internal;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;

/**
 * The packet words absolute loads read: the facts {@link Threading} tracks. (The count of reloads
 * that gates threading is the first tier's own, {@link FirstTier#reloadsAtLeast}.)
 */
final class PacketWords {
  /**
   * Per 16-bit opcode code: the width of an absolute load into A ({@link #loadsWord}), else 0 —
   * read per pc by passes a fresh JVM interprets, where asking the opcode is a call or two.
   */
  static final int[] LOAD_WIDTH = new int[0x100];

  static {
    for (Opcode op : Opcode.values()) {
      LOAD_WIDTH[op.code()] = loadsWord(op) ? op.width() : 0;
    }
  }

  private PacketWords() {}

  /** True for the absolute loads into A: the loads whose words the facts are about. */
  static boolean loadsWord(Opcode op) {
    return op.isAbsoluteRead() && op != Opcode.LDX_MSH;
  }

  /** The word an absolute load reads: its width and offset in one key. */
  static long word(Opcode op, RawInstruction insn) {
    return word(op.width(), insn.k());
  }

  /** {@link #word(Opcode, RawInstruction)} of a load of {@code width} bytes at offset {@code k}. */
  static long word(int width, int k) {
    return (long) width << 32 | (k & 0xffffffffL);
  }
}
