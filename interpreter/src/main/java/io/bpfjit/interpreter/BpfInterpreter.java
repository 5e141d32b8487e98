package io.bpfjit.interpreter;

import io.bpfjit.BpfProgram;
import io.bpfjit.BpfSemantics;
import io.bpfjit.Opcode;
import io.bpfjit.PacketFilter;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reference interpreter: docs/semantics.md, one instruction at a time, written to be obviously
 * right. It is the oracle every other engine is compared with. Allocates nothing per packet
 * (scratch memory is a per-thread array, zeroed at entry, used only by programs that touch it).
 * Immutable and thread-safe.
 */
public final class BpfInterpreter implements PacketFilter {
  private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[16]);

  private final Opcode[] ops;
  private final int[] jt;
  private final int[] jf;
  private final int[] k;
  private final boolean usesScratch;
  private final int backwardJumpBudget;

  private BpfInterpreter(VerifiedProgram program) {
    int n = program.size();
    ops = new Opcode[n];
    jt = new int[n];
    jf = new int[n];
    k = new int[n];
    for (int pc = 0; pc < n; pc++) {
      RawInstruction insn = program.get(pc);
      ops[pc] = program.opcode(pc);
      jt[pc] = insn.jt();
      jf[pc] = insn.jf();
      k[pc] = insn.k();
    }
    usesScratch = program.scratchUsedMask() != 0;
    backwardJumpBudget = program.backwardJumpBudget();
  }

  /** An interpreter for a verified program. */
  public static BpfInterpreter of(VerifiedProgram program) {
    return new BpfInterpreter(program);
  }

  /** Verifies {@code program} with the default options, then interprets it. */
  public static BpfInterpreter of(BpfProgram program) {
    return new BpfInterpreter(Verifier.verify(program));
  }

  @Override
  public int apply(byte[] packet, int offset, int caplen, int wirelen) {
    PacketFilter.checkRegion(packet, offset, caplen);
    return run(packet, offset, caplen, wirelen, scratch());
  }

  /** Reads any buffer in place (heap, direct, read-only; any byte order), copying nothing. */
  @Override
  public int apply(ByteBuffer packet, int wirelen) {
    int position = packet.position();
    int caplen = packet.limit() - position;
    if (packet.hasArray()) {
      return apply(packet.array(), packet.arrayOffset() + position, caplen, wirelen);
    }
    return run(packet, position, caplen, wirelen, scratch());
  }

  /** As {@link #apply(ByteBuffer, int)}, at absolute indices. */
  @Override
  public int apply(ByteBuffer packet, int offset, int caplen, int wirelen) {
    Objects.checkFromIndexSize(offset, caplen, packet.limit());
    if (packet.hasArray()) {
      return apply(packet.array(), packet.arrayOffset() + offset, caplen, wirelen);
    }
    return run(packet, offset, caplen, wirelen, scratch());
  }

  private int[] scratch() {
    if (!usesScratch) {
      return null;
    }
    int[] m = SCRATCH.get();
    Arrays.fill(m, 0);
    return m;
  }

  /**
   * The program over {@code p}: a {@code byte[]} or a {@link ByteBuffer}, read from {@code base}.
   */
  private int run(Object p, int base, int caplen, int wirelen, int[] m) {
    int a = 0;
    int x = 0;
    int pc = 0;
    int backwardJumps = 0;
    while (true) {
      int kk = k[pc];
      long off;
      switch (ops[pc]) {
        case LD_W_ABS, LD_W_IND -> {
          off =
              ops[pc] == Opcode.LD_W_ABS
                  ? Integer.toUnsignedLong(kk)
                  : BpfSemantics.indirectOffset(x, kk);
          if (!BpfSemantics.inBounds(off, 4, caplen)) {
            return 0;
          }
          a = BpfSemantics.readInt(p, base + (int) off);
        }
        case LD_H_ABS, LD_H_IND -> {
          off =
              ops[pc] == Opcode.LD_H_ABS
                  ? Integer.toUnsignedLong(kk)
                  : BpfSemantics.indirectOffset(x, kk);
          if (!BpfSemantics.inBounds(off, 2, caplen)) {
            return 0;
          }
          a = BpfSemantics.readShort(p, base + (int) off);
        }
        case LD_B_ABS, LD_B_IND -> {
          off =
              ops[pc] == Opcode.LD_B_ABS
                  ? Integer.toUnsignedLong(kk)
                  : BpfSemantics.indirectOffset(x, kk);
          if (!BpfSemantics.inBounds(off, 1, caplen)) {
            return 0;
          }
          a = BpfSemantics.readByte(p, base + (int) off);
        }
        case LDX_MSH -> {
          off = Integer.toUnsignedLong(kk);
          if (!BpfSemantics.inBounds(off, 1, caplen)) {
            return 0;
          }
          x = (BpfSemantics.readByte(p, base + (int) off) & 0xf) << 2;
        }
        case LD_IMM -> a = kk;
        case LDX_IMM -> x = kk;
        case LD_LEN -> a = wirelen;
        case LDX_LEN -> x = wirelen;
        case LD_MEM -> a = m[kk];
        case LDX_MEM -> x = m[kk];
        case ST -> m[kk] = a;
        case STX -> m[kk] = x;
        case ADD_K -> a += kk;
        case ADD_X -> a += x;
        case SUB_K -> a -= kk;
        case SUB_X -> a -= x;
        case MUL_K -> a *= kk;
        case MUL_X -> a *= x;
        case DIV_K -> a = BpfSemantics.divide(a, kk);
        case DIV_X -> {
          if (x == 0) {
            return 0;
          }
          a = BpfSemantics.divide(a, x);
        }
        case MOD_K -> a = BpfSemantics.remainder(a, kk);
        case MOD_X -> {
          if (x == 0) {
            return 0;
          }
          a = BpfSemantics.remainder(a, x);
        }
        case AND_K -> a &= kk;
        case AND_X -> a &= x;
        case OR_K -> a |= kk;
        case OR_X -> a |= x;
        case XOR_K -> a ^= kk;
        case XOR_X -> a ^= x;
        case LSH_K -> a = BpfSemantics.shiftLeftByK(a, kk);
        case LSH_X -> a = BpfSemantics.shiftLeftByX(a, x);
        case RSH_K -> a = BpfSemantics.shiftRightByK(a, kk);
        case RSH_X -> a = BpfSemantics.shiftRightByX(a, x);
        case NEG -> a = -a;
        case TAX -> x = a;
        case TXA -> a = x;
        case JA -> {
          int target = pc + 1 + kk;
          if (target <= pc && ++backwardJumps > backwardJumpBudget) {
            return 0;
          }
          pc = target;
          continue;
        }
        case JEQ_K -> {
          pc += 1 + (a == kk ? jt[pc] : jf[pc]);
          continue;
        }
        case JEQ_X -> {
          pc += 1 + (a == x ? jt[pc] : jf[pc]);
          continue;
        }
        case JGT_K -> {
          pc += 1 + (Integer.compareUnsigned(a, kk) > 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case JGT_X -> {
          pc += 1 + (Integer.compareUnsigned(a, x) > 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case JGE_K -> {
          pc += 1 + (Integer.compareUnsigned(a, kk) >= 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case JGE_X -> {
          pc += 1 + (Integer.compareUnsigned(a, x) >= 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case JSET_K -> {
          pc += 1 + ((a & kk) != 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case JSET_X -> {
          pc += 1 + ((a & x) != 0 ? jt[pc] : jf[pc]);
          continue;
        }
        case RET_K -> {
          return kk;
        }
        case RET_A -> {
          return a;
        }
      }
      pc++;
    }
  }
}
