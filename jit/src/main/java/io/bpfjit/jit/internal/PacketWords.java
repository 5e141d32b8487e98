package io.bpfjit.jit.internal;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import java.util.HashSet;
import java.util.Set;

/**
 * The packet words absolute loads read, the facts {@link Threading} tracks: what the first tier
 * counts to decide whether to thread at all, in a class of its own so that the decision does not
 * load (and verify) the analysis in a fresh JVM.
 */
final class PacketWords {
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
    Set<Long> words = new HashSet<>();
    int reloads = 0;
    for (int pc = 0; pc < program.size() && reloads < min; pc++) {
      Opcode op = program.opcode(pc);
      if (loadsWord(op) && !words.add(word(op, program.get(pc)))) {
        reloads++;
      }
    }
    return reloads >= min;
  }

  /**
   * Per pc, whether it is a retest: a compare of A with a constant ({@code jeq}, {@code jgt},
   * {@code jge}, {@code jset}) right after an absolute load, where an earlier pc compares the same
   * word with the same constant the same way, as an unoptimised program retests the ethertype
   * before every term. These are the compares threading can decide; whether they run is up to the
   * packets.
   */
  static boolean[] retests(VerifiedProgram program) {
    int n = program.size();
    boolean[] retest = new boolean[n];
    // An open-addressed map, not a HashMap: run once per filter in a fresh JVM, where boxing a key
    // per compare cost 2-8 ms (8,938 instructions). Key (load offset, constant); value a bit per
    // (load width, compare) seen with them, never 0 once stored.
    int capacity = Integer.highestOneBit(Math.max(n, 8) * 2 - 1) << 1;
    long[] keys = new long[capacity];
    int[] bits = new int[capacity];
    for (int pc = 1; pc < n; pc++) {
      Opcode load = program.opcode(pc - 1);
      int compare = compareIndex(program.opcode(pc));
      if (compare < 0 || !loadsWord(load)) {
        continue;
      }
      long key = (long) program.get(pc - 1).k() << 32 | Integer.toUnsignedLong(program.get(pc).k());
      int bit = 1 << (4 * Integer.numberOfTrailingZeros(load.width()) + compare);
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & (capacity - 1);
      while (bits[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & (capacity - 1);
      }
      retest[pc] = (bits[slot] & bit) != 0;
      keys[slot] = key;
      bits[slot] |= bit;
    }
    return retest;
  }

  /** 0-3 for {@code jeq}, {@code jgt}, {@code jge}, {@code jset} with a constant; else -1. */
  private static int compareIndex(Opcode op) {
    if (op == Opcode.JEQ_K) {
      return 0;
    } else if (op == Opcode.JGT_K) {
      return 1;
    } else if (op == Opcode.JGE_K) {
      return 2;
    }
    return op == Opcode.JSET_K ? 3 : -1;
  }
}
