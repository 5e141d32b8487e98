package io.bpfjit.jit.internal;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;

/**
 * The packet words absolute loads read, the facts {@link Threading} tracks, and the count of
 * reloads that gates threading ({@link FirstTier#mayThread}), in a class of its own so that the
 * gate does not load (and verify) the analysis in a fresh JVM.
 */
final class PacketWords {
  private static final int LD_W = Opcode.LD_W_ABS.code();
  private static final int LD_H = Opcode.LD_H_ABS.code();
  private static final int LD_B = Opcode.LD_B_ABS.code();

  private PacketWords() {}

  /** True for the absolute loads into A: the loads whose words the facts are about. */
  static boolean loadsWord(Opcode op) {
    return op.isAbsoluteRead() && op != Opcode.LDX_MSH;
  }

  /** The word an absolute load reads: its width and offset in one key. */
  static long word(Opcode op, RawInstruction insn) {
    return (long) op.width() << 32 | Integer.toUnsignedLong(insn.k());
  }

  /**
   * Whether at least {@code min} absolute loads read a word an earlier pc also reads; stops
   * counting there (an unoptimised program gets there within its first few hundred pcs).
   */
  static boolean reloadsAtLeast(VerifiedProgram program, int min) {
    // Array reads and an open-addressed set, no boxing: a fresh JVM interprets this per filter.
    RawInstruction[] insns = program.instructions().toArray(new RawInstruction[0]);
    int capacity = Integer.highestOneBit(Math.max(insns.length, 8) * 2 - 1) << 1;
    long[] words = new long[capacity]; // width << 32 | offset; 0 for an empty slot (width >= 1)
    int reloads = 0;
    for (int pc = 0; pc < insns.length && reloads < min; pc++) {
      int code = insns[pc].code();
      int width = code == LD_W ? 4 : code == LD_H ? 2 : code == LD_B ? 1 : 0;
      if (width == 0) {
        continue;
      }
      long word = (long) width << 32 | (insns[pc].k() & 0xffffffffL);
      int slot = (int) ((word * 0x9E3779B97F4A7C15L) >>> 40) & (capacity - 1);
      while (words[slot] != 0 && words[slot] != word) {
        slot = (slot + 1) & (capacity - 1);
      }
      if (words[slot] == word) {
        reloads++;
      }
      words[slot] = word;
    }
    return reloads >= min;
  }
}
