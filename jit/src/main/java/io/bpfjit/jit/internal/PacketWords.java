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
}
