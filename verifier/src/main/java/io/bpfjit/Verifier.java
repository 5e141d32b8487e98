package io.bpfjit;

import io.bpfjit.InvalidProgramException.Reason;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Accepts exactly the programs of docs/semantics.md section 3 (profile LIBPCAP) or 5 (STRICT).
 * Checks run instruction by instruction in pc order, as libpcap's {@code bpf_validate} does, so the
 * first bad pc is the one reported; then the final {@code ret}; then (STRICT) the
 * scratch-initialisation analysis.
 *
 * <p>Not checked, because libpcap does not check them either: reserved bits in jt/jf/k of
 * instructions that ignore those fields, and unreachable code (which must still be valid).
 */
public final class Verifier {
  private static final int SCRATCH_WORDS = 16;

  private Verifier() {}

  /** Verifies with the default LIBPCAP profile. */
  public static VerifiedProgram verify(BpfProgram program) {
    return verify(program, VerifierOptions.libpcap());
  }

  /**
   * Verifies {@code program}.
   *
   * @throws InvalidProgramException with the pc and reason of the first violation
   */
  public static VerifiedProgram verify(BpfProgram program, VerifierOptions options) {
    List<RawInstruction> insns = program.instructions();
    int n = insns.size();
    if (n == 0) {
      throw new InvalidProgramException(-1, null, Reason.EMPTY, "the program has no instructions");
    }
    if (n > options.maxLength()) {
      throw new InvalidProgramException(
          -1,
          null,
          Reason.TOO_LONG,
          n + " instructions, more than the limit of " + options.maxLength());
    }
    boolean strict = options.profile() == VerifierOptions.Profile.STRICT;
    // Written for a cold JVM, which interprets this once per program: arrays and fields rather
    // than a call per question (189u's 2,338 instructions under -Xint: 8.0 ms with BitSets and
    // the Opcode predicates, 1.5 ms so).
    RawInstruction[] code = insns.toArray(new RawInstruction[0]);
    Opcode[] ops = new Opcode[n];
    int[] next = new int[2 * n]; // each pc's successors, -1 for none
    boolean forwardOnly = true; // no ja back, reachable or not: pc order is a topological order
    int flagsSeen = 0;
    for (int pc = 0; pc < n; pc++) {
      Opcode op = checkInstruction(code[pc], pc, n, strict, next);
      ops[pc] = op;
      forwardOnly &= op != Opcode.JA || next[2 * pc] > pc;
      flagsSeen |= op.flags;
    }
    if ((ops[n - 1].flags & Opcode.RETURN) == 0) {
      throw reject(code[n - 1], n - 1, Reason.NO_FINAL_RET, "the last instruction is not a return");
    }
    // the reachable pcs as bits in words, not a BitSet: a fresh JVM loads that class from the
    // JDK's modules (no shared archive holds it) for every program otherwise
    long[] reachable;
    boolean backward = false;
    int used = 0;
    if (forwardOnly) {
      reachable = reachableForward(next, n);
      if ((flagsSeen & (Opcode.READS_SCRATCH | Opcode.WRITES_SCRATCH)) != 0) {
        used = scratchUsed(code, ops, reachable);
      }
    } else {
      reachable = reachable(insns, ops).toLongArray();
      for (int pc = 0; pc < n; pc++) {
        if (isSet(reachable, pc) && ops[pc] == Opcode.JA && next[2 * pc] <= pc) {
          backward = true;
        }
      }
      used = scratchUsed(code, ops, reachable);
    }
    // The analysis only reports reads: a program that reads no scratch word has none to report.
    int readBeforeWrite =
        (flagsSeen & Opcode.READS_SCRATCH) == 0
            ? 0
            : forwardOnly
                ? readBeforeWriteForward(insns, ops, reachable, strict)
                : readBeforeWrite(insns, ops, BitSet.valueOf(reachable), strict);
    return new VerifiedProgram(program, options, ops, reachable, backward, used, readBeforeWrite);
  }

  /** Whether bit {@code pc} is set in {@code words} (false past their end, and for pc < 0). */
  static boolean isSet(long[] words, int pc) {
    return (pc >>> 6) < words.length && (words[pc >>> 6] & (1L << pc)) != 0;
  }

  /** Bit i set when a reachable instruction reads or writes M[i]. */
  private static int scratchUsed(RawInstruction[] code, Opcode[] ops, long[] reachable) {
    int used = 0;
    for (int pc = 0; pc < ops.length; pc++) {
      if ((ops[pc].flags & (Opcode.READS_SCRATCH | Opcode.WRITES_SCRATCH)) != 0
          && isSet(reachable, pc)) {
        used |= 1 << code[pc].k();
      }
    }
    return used;
  }

  /**
   * Checks one instruction, returning its opcode, and stores its successors at {@code next[2 * pc]}
   * and {@code next[2 * pc + 1]} (-1 for none; a successor past the end only for a last instruction
   * that is not a return, which the caller rejects).
   */
  private static Opcode checkInstruction(
      RawInstruction insn, int pc, int n, boolean strict, int[] next) {
    int code = insn.code();
    Opcode op = Opcode.of(code);
    if (op == null) {
      throw reject(
          insn,
          pc,
          Reason.UNKNOWN_OPCODE,
          "opcode 0x" + Integer.toHexString(code) + " is not a classic BPF instruction");
    }
    int flags = op.flags;
    long k = insn.k() & 0xffffffffL;
    if ((flags & (Opcode.READS_SCRATCH | Opcode.WRITES_SCRATCH)) != 0 && k >= SCRATCH_WORDS) {
      throw reject(insn, pc, Reason.BAD_SCRATCH, "scratch index " + k + " is not below 16");
    }
    int first = -1;
    int second = -1;
    if ((flags & Opcode.CONDITIONAL_JUMP) != 0) {
      long t = pc + 1L + insn.jt();
      long f = pc + 1L + insn.jf();
      if (t >= n) {
        throw outOfRange(insn, pc, n, t);
      }
      if (f >= n) {
        throw outOfRange(insn, pc, n, f);
      }
      first = (int) t;
      second = (int) f;
    } else if (op == Opcode.JA) {
      long target = jaTarget(pc, insn);
      if (target >= n) {
        throw outOfRange(insn, pc, n, target);
      }
      if (strict && target <= pc) {
        throw reject(insn, pc, Reason.BACKWARD_JUMP, "jump back to pc " + target);
      }
      first = (int) target;
    } else if ((flags & Opcode.RETURN) == 0) {
      first = pc + 1;
    }
    next[2 * pc] = first;
    next[2 * pc + 1] = second;
    if ((op == Opcode.DIV_K || op == Opcode.MOD_K) && k == 0) {
      throw reject(insn, pc, Reason.DIV_BY_ZERO, "division by the constant 0");
    }
    if (strict && (op == Opcode.LSH_K || op == Opcode.RSH_K) && k >= 32) {
      throw reject(insn, pc, Reason.SHIFT_OUT_OF_RANGE, "shift by " + k + " is not below 32");
    }
    if (strict
        && (op == Opcode.LD_W_ABS || op == Opcode.LD_H_ABS || op == Opcode.LD_B_ABS)
        && k >= Integer.toUnsignedLong(AncillaryOffset.BASE)) {
      throw reject(insn, pc, Reason.ANCILLARY_LOAD, "Linux ancillary offsets are not implemented");
    }
    return op;
  }

  /** Target of {@code ja k} at pc: (pc + 1 + k) mod 2^32, as libpcap computes it. */
  static long jaTarget(int pc, RawInstruction insn) {
    return (pc + 1 + insn.unsignedK()) & 0xffffffffL;
  }

  private static InvalidProgramException outOfRange(
      RawInstruction insn, int pc, int n, long target) {
    return reject(
        insn,
        pc,
        Reason.JUMP_OUT_OF_RANGE,
        "jump target " + target + " is past the end (length " + n + ")");
  }

  /** STRICT's rejection of a read of a scratch word that some path has not written. */
  private static InvalidProgramException uninitialised(RawInstruction insn, int pc) {
    return reject(
        insn,
        pc,
        Reason.UNINITIALIZED_SCRATCH,
        "M[" + insn.k() + "] may be read before it is written");
  }

  private static InvalidProgramException reject(
      RawInstruction insn, int pc, Reason reason, String detail) {
    return new InvalidProgramException(pc, insn, reason, detail);
  }

  /** Successor pcs of {@code pc}. */
  static int[] successors(int pc, RawInstruction insn, Opcode op) {
    if (op.isReturn()) {
      return new int[0];
    }
    if (op == Opcode.JA) {
      return new int[] {(int) jaTarget(pc, insn)};
    }
    if (op.isConditionalJump()) {
      return new int[] {pc + 1 + insn.jt(), pc + 1 + insn.jf()};
    }
    return new int[] {pc + 1};
  }

  static BitSet reachable(List<RawInstruction> insns, Opcode[] ops) {
    BitSet seen = new BitSet(ops.length);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    seen.set(0);
    work.add(0);
    while (!work.isEmpty()) {
      int pc = work.poll();
      for (int s : successors(pc, insns.get(pc), ops[pc])) {
        if (!seen.get(s)) {
          seen.set(s);
          work.add(s);
        }
      }
    }
    return seen;
  }

  /**
   * {@link #reachable} for a program whose jumps all go forward, in one pass in pc order (every
   * predecessor of a pc comes before it): what a cold JVM runs for every tcpdump program, in a
   * tenth of the worklist's time there.
   */
  static BitSet reachableForward(List<RawInstruction> insns, Opcode[] ops) {
    int n = ops.length;
    int[] next = new int[2 * n];
    for (int pc = 0; pc < n; pc++) {
      int[] s = successors(pc, insns.get(pc), ops[pc]);
      next[2 * pc] = s.length > 0 ? s[0] : -1;
      next[2 * pc + 1] = s.length > 1 ? s[1] : -1;
    }
    return BitSet.valueOf(reachableForward(next, n));
  }

  /**
   * {@link #reachableForward(List, Opcode[])} over the successors {@code checkInstruction} stored,
   * once a last instruction that is not a return is rejected (so every successor is below n).
   */
  private static long[] reachableForward(int[] next, int n) {
    long[] words = new long[(n + 63) >>> 6];
    words[0] = 1;
    for (int pc = 0; pc < n; pc++) {
      if ((words[pc >>> 6] & (1L << pc)) != 0) {
        int first = next[2 * pc];
        int second = next[2 * pc + 1];
        if (first >= 0) {
          words[first >>> 6] |= 1L << first;
        }
        if (second >= 0) {
          words[second >>> 6] |= 1L << second;
        }
      }
    }
    return words;
  }

  /**
   * {@link #readBeforeWrite} for a program whose jumps all go forward: one pass in pc order, each
   * pc's mask final when it is reached (all its predecessors come before it).
   */
  static int readBeforeWriteForward(
      List<RawInstruction> insns, Opcode[] ops, long[] words, boolean strict) {
    int n = ops.length;
    int[] in = new int[n];
    Arrays.fill(in, 0xffff);
    in[0] = 0;
    int mask = 0;
    for (int pc = 0; pc < n; pc++) {
      if (!isSet(words, pc)) {
        continue;
      }
      Opcode op = ops[pc];
      int flags = op.flags;
      int out = in[pc];
      if ((flags & (Opcode.READS_SCRATCH | Opcode.WRITES_SCRATCH)) != 0) {
        RawInstruction insn = insns.get(pc);
        int word = 1 << insn.k();
        if ((flags & Opcode.READS_SCRATCH) != 0 && (out & word) == 0) {
          mask |= word;
          if (strict) {
            throw uninitialised(insn, pc);
          }
        }
        if ((flags & Opcode.WRITES_SCRATCH) != 0) {
          out |= word;
        }
      }
      if ((flags & Opcode.CONDITIONAL_JUMP) != 0) {
        RawInstruction insn = insns.get(pc);
        in[pc + 1 + insn.jt()] &= out;
        in[pc + 1 + insn.jf()] &= out;
      } else if (op == Opcode.JA) {
        in[(int) jaTarget(pc, insns.get(pc))] &= out;
      } else if ((flags & Opcode.RETURN) == 0) {
        in[pc + 1] &= out;
      }
    }
    return mask;
  }

  /**
   * Forward "definitely written" analysis over reachable pcs (a must-analysis: the mask at a pc is
   * the AND over its predecessors), iterated to a fixed point so loops are handled. Returns the
   * words some path reads before writing; in STRICT such a read is rejected at its pc.
   */
  static int readBeforeWrite(
      List<RawInstruction> insns, Opcode[] ops, BitSet reachable, boolean strict) {
    int n = ops.length;
    int[] in = new int[n];
    Arrays.fill(in, 0xffff);
    in[0] = 0;
    ArrayDeque<Integer> work = new ArrayDeque<>();
    BitSet queued = new BitSet(n);
    BitSet visited = new BitSet(n);
    work.add(0);
    queued.set(0);
    while (!work.isEmpty()) {
      int pc = work.poll();
      queued.clear(pc);
      visited.set(pc);
      int out = in[pc];
      if (ops[pc].writesScratch()) {
        out |= 1 << insns.get(pc).k();
      }
      for (int s : successors(pc, insns.get(pc), ops[pc])) {
        int merged = in[s] & out;
        if ((merged != in[s] || !visited.get(s)) && !queued.get(s)) {
          queued.set(s);
          work.add(s);
        }
        in[s] = merged;
      }
    }
    int mask = 0;
    for (int pc = reachable.nextSetBit(0); pc >= 0; pc = reachable.nextSetBit(pc + 1)) {
      if (ops[pc].readsScratch()) {
        int word = insns.get(pc).k();
        if ((in[pc] & (1 << word)) == 0) {
          mask |= 1 << word;
          if (strict) {
            throw uninitialised(insns.get(pc), pc);
          }
        }
      }
    }
    return mask;
  }
}
