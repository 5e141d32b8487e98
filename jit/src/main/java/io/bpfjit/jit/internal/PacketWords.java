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
      int width = LOAD_WIDTH[insns[pc].code()];
      if (width == 0) {
        continue;
      }
      long word = word(width, insns[pc].k());
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
