package io.bpfjit.fuzz;

import io.bpfjit.BpfProgram;
import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates programs from a seed, usable from jqwik and from campaigns. {@link #realistic} builds
 * valid programs shaped like tcpdump's output: header loads at typical offsets, chains of
 * conditional jumps sharing targets, scratch traffic, every ALU op with edge constants and,
 * sometimes, backward loops. {@link #raw} builds mostly invalid ones; {@link #mutate} damages a
 * given program.
 */
public final class ProgramGenerator {
  static final int[] OFFSETS = {
    0, 6, 9, 12, 13, 14, 16, 20, 22, 23, 26, 30, 34, 36, 38, 40, 54, 56
  };
  static final int[] EDGES = {
    0,
    1,
    2,
    3,
    4,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    255,
    256,
    0x800,
    0x86dd,
    0x1fff,
    0x7fff,
    0xffff,
    0x10000,
    0x7fffffff,
    0x80000000,
    0x80000001,
    0xfffffffe,
    0xffffffff,
    7609801,
    0x40000000,
    262144,
    1500,
    1514,
    1600
  };
  private static final Opcode[] ALU_K = {
    Opcode.ADD_K,
    Opcode.SUB_K,
    Opcode.MUL_K,
    Opcode.DIV_K,
    Opcode.MOD_K,
    Opcode.AND_K,
    Opcode.OR_K,
    Opcode.XOR_K,
    Opcode.LSH_K,
    Opcode.RSH_K
  };
  private static final Opcode[] ALU_X = {
    Opcode.ADD_X,
    Opcode.SUB_X,
    Opcode.MUL_X,
    Opcode.DIV_X,
    Opcode.MOD_X,
    Opcode.AND_X,
    Opcode.OR_X,
    Opcode.XOR_X,
    Opcode.LSH_X,
    Opcode.RSH_X,
    Opcode.NEG
  };
  private static final Opcode[] JUMPS = {
    Opcode.JEQ_K,
    Opcode.JGT_K,
    Opcode.JGE_K,
    Opcode.JSET_K,
    Opcode.JEQ_X,
    Opcode.JGT_X,
    Opcode.JGE_X,
    Opcode.JSET_X
  };

  private ProgramGenerator() {}

  /** A constant biased towards the edges that break unsigned or shift logic. */
  static int constant(SplittableRandom r) {
    int pick = r.nextInt(10);
    if (pick < 6) {
      return EDGES[r.nextInt(EDGES.length)];
    }
    if (pick < 8) {
      return 1 << r.nextInt(32);
    }
    return r.nextInt();
  }

  /** A packet offset: header-shaped, near the end of a frame, or near 2^32. */
  static int offset(SplittableRandom r) {
    int pick = r.nextInt(10);
    if (pick < 6) {
      return OFFSETS[r.nextInt(OFFSETS.length)] + r.nextInt(3);
    }
    if (pick < 8) {
      return r.nextInt(120);
    }
    if (pick < 9) {
      return 1500 + r.nextInt(120) - 20;
    }
    return -1 - r.nextInt(8);
  }

  /** A valid program of 1 to about {@code maxLength} instructions. */
  public static BpfProgram realistic(SplittableRandom r, int maxLength) {
    int length =
        r.nextInt(10) < 8 ? 2 + r.nextInt(Math.min(maxLength, 40)) : 2 + r.nextInt(maxLength);
    int tail = 1 + r.nextInt(3); // returns at the end: shared jump targets
    List<RawInstruction> out = new ArrayList<>(length);
    int body = Math.max(0, length - tail);
    for (int pc = 0; pc < body; pc++) {
      out.add(instruction(r, pc, length));
    }
    for (int pc = body; pc < length; pc++) {
      out.add(ret(r));
    }
    if (r.nextInt(8) == 0 && body > 3) {
      addLoop(r, out, body);
    }
    return BpfProgram.of(out);
  }

  private static RawInstruction ret(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> insn(Opcode.RET_K, 0);
      case 1 -> insn(Opcode.RET_A, 0);
      case 2 -> insn(Opcode.RET_K, constant(r));
      default -> insn(Opcode.RET_K, 262144);
    };
  }

  /** Replaces one body instruction by a backward ja to an earlier pc, guarded by a counter. */
  private static void addLoop(SplittableRandom r, List<RawInstruction> out, int body) {
    int at = 1 + r.nextInt(body - 1);
    int target = r.nextInt(at + 1);
    out.set(at, new RawInstruction(Opcode.JA.code(), 0, 0, target - (at + 1)));
  }

  private static RawInstruction insn(Opcode op, int k) {
    return new RawInstruction(op.code(), 0, 0, k);
  }

  private static RawInstruction instruction(SplittableRandom r, int pc, int length) {
    int family = r.nextInt(100);
    if (family < 22) {
      Opcode[] abs = {Opcode.LD_B_ABS, Opcode.LD_H_ABS, Opcode.LD_W_ABS};
      return insn(abs[r.nextInt(3)], offset(r));
    }
    if (family < 28) {
      Opcode[] ind = {Opcode.LD_B_IND, Opcode.LD_H_IND, Opcode.LD_W_IND};
      return insn(ind[r.nextInt(3)], r.nextInt(4) == 0 ? constant(r) : offset(r));
    }
    if (family < 33) {
      return insn(Opcode.LDX_MSH, offset(r));
    }
    if (family < 63) {
      Opcode op = JUMPS[r.nextInt(JUMPS.length)];
      int room = Math.min(255, length - pc - 2);
      int jt = target(r, room);
      int jf = r.nextInt(6) == 0 ? jt : target(r, room);
      return new RawInstruction(op.code(), jt, jf, constant(r));
    }
    if (family < 66) {
      return insn(Opcode.JA, r.nextInt(Math.max(1, Math.min(8, length - pc - 1))));
    }
    if (family < 78) {
      Opcode op = ALU_K[r.nextInt(ALU_K.length)];
      int k = constant(r);
      if ((op == Opcode.DIV_K || op == Opcode.MOD_K) && k == 0) {
        k = 7609801;
      }
      return insn(op, k);
    }
    if (family < 84) {
      return insn(ALU_X[r.nextInt(ALU_X.length)], 0);
    }
    return switch (r.nextInt(11)) {
      case 0 -> insn(Opcode.LD_IMM, constant(r));
      case 1 -> insn(Opcode.LDX_IMM, constant(r));
      case 2 -> insn(Opcode.LD_LEN, 0);
      case 3 -> insn(Opcode.LDX_LEN, 0);
      case 4 -> insn(Opcode.ST, r.nextInt(16));
      case 5 -> insn(Opcode.STX, r.nextInt(16));
      case 6 -> insn(Opcode.LD_MEM, r.nextInt(16));
      case 7 -> insn(Opcode.LDX_MEM, r.nextInt(16));
      case 8 -> insn(Opcode.TAX, 0);
      case 9 -> insn(Opcode.TXA, 0);
      default -> ret(r);
    };
  }

  /** A forward skip within {@code room}, biased to the end (the shared returns). */
  private static int target(SplittableRandom r, int room) {
    if (room <= 0) {
      return 0;
    }
    return r.nextInt(3) == 0 ? room : r.nextInt(room + 1);
  }

  /** Random quadruples: canonical codes most of the time, anything 16-bit otherwise. */
  public static BpfProgram raw(SplittableRandom r) {
    int n = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(16);
    Opcode[] all = Opcode.values();
    List<RawInstruction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int code = r.nextInt(10) < 8 ? all[r.nextInt(all.length)].code() : r.nextInt(0x10000);
      int k = r.nextBoolean() ? constant(r) : r.nextInt(20) - 2;
      out.add(new RawInstruction(code, r.nextInt(r.nextBoolean() ? 4 : 256), r.nextInt(4), k));
    }
    return BpfProgram.of(out);
  }

  /** A damaged copy: a flipped field, a cut, or a splice of two parts. */
  public static BpfProgram mutate(SplittableRandom r, BpfProgram p) {
    List<RawInstruction> out = new ArrayList<>(p.instructions());
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && !out.isEmpty(); e++) {
      int i = r.nextInt(out.size());
      RawInstruction x = out.get(i);
      switch (r.nextInt(6)) {
        case 0 -> out.set(i, new RawInstruction(x.code(), x.jt(), x.jf(), constant(r)));
        case 1 -> out.set(i, new RawInstruction(x.code(), r.nextInt(256), x.jf(), x.k()));
        case 2 ->
            out.set(i, new RawInstruction(x.code() ^ (1 << r.nextInt(8)), x.jt(), x.jf(), x.k()));
        case 3 -> out.subList(i, out.size()).clear();
        case 4 -> out.remove(i);
        default -> out.add(i, out.get(r.nextInt(out.size())));
      }
    }
    return BpfProgram.of(out);
  }
}
