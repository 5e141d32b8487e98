package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;

/** Emitters for loads and stores. Bounds of absolute reads come from {@link BoundsPlan} guards. */
final class LoadEmitters {
  private LoadEmitters() {}

  /** Emits {@code op} if it is a load, store or register move; false for another family. */
  static boolean emit(Emission e, int pc, RawInstruction i, Opcode op) {
    switch (op) {
      case LD_W_ABS -> ldAbs(e, i, 4);
      case LD_H_ABS -> ldAbs(e, i, 2);
      case LD_B_ABS -> ldAbs(e, i, 1);
      case LD_W_IND -> ldInd(e, i, 4);
      case LD_H_IND -> ldInd(e, i, 2);
      case LD_B_IND -> ldInd(e, i, 1);
      case LDX_MSH -> ldxMsh(e, i);
      case LD_IMM -> constant(e, Emission.A, i.k());
      case LDX_IMM -> constant(e, Emission.X, i.k());
      case LD_LEN -> move(e, Emission.WIRELEN, Emission.A);
      case LDX_LEN -> move(e, Emission.WIRELEN, Emission.X);
      case LD_MEM -> move(e, e.scratch(i.k()), Emission.A);
      case LDX_MEM -> move(e, e.scratch(i.k()), Emission.X);
      case ST -> move(e, Emission.A, e.scratch(i.k()));
      case STX -> move(e, Emission.X, e.scratch(i.k()));
      case TAX -> move(e, Emission.A, Emission.X);
      case TXA -> move(e, Emission.X, Emission.A);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code A <- P[k:n]}; the caplen guard for it was placed by the bounds plan. */
  static void ldAbs(Emission e, RawInstruction insn, int width) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(insn.k());
    e.mv.visitInsn(IADD);
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code A <- P[X+k:n]}: fault unless X + k + n ≤ caplen, computed in 64 bits. */
  static void ldInd(Emission e, RawInstruction insn, int width) {
    e.load(Emission.X);
    e.mv.visitInsn(I2L);
    e.mv.visitLdcInsn(0xffffffffL);
    e.mv.visitInsn(LAND);
    e.mv.visitLdcInsn(Integer.toUnsignedLong(insn.k()) + width);
    e.mv.visitInsn(LADD);
    e.load(Emission.CAPLEN);
    e.mv.visitInsn(I2L);
    e.mv.visitInsn(LCMP);
    e.mv.visitJumpInsn(IFGT, e.ret0);
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.load(Emission.X);
    e.mv.visitInsn(IADD);
    if (insn.k() != 0) {
      e.push(insn.k());
      e.mv.visitInsn(IADD);
    }
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code X <- 4 * (P[k:1] & 0xf)}. */
  static void ldxMsh(Emission e, RawInstruction insn) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(insn.k());
    e.mv.visitInsn(IADD);
    e.access.readSignedByte(e.mv);
    e.push(0xf);
    e.mv.visitInsn(IAND);
    e.push(2);
    e.mv.visitInsn(ISHL);
    e.store(Emission.X);
  }

  /** Stack: packet, index → the unsigned big-endian value of {@code width} bytes. */
  private static void read(Emission e, int width) {
    e.access.read(e.mv, width);
  }

  /** {@code R <- k}. */
  static void constant(Emission e, int slot, int k) {
    e.push(k);
    e.store(slot);
  }

  /** {@code to <- from}. */
  static void move(Emission e, int from, int to) {
    e.load(from);
    e.store(to);
  }
}
