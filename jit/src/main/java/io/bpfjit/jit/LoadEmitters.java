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

/** Emitters for loads and stores. Bounds of absolute reads come from {@link BoundsPlan} guards. */
final class LoadEmitters {
  private LoadEmitters() {}

  /** Emits a load, store or register move. */
  static void emit(Emission e, Lir.Load l) {
    int k = l.k();
    switch (l.op()) {
      case LD_W_ABS -> ldAbs(e, k, 4);
      case LD_H_ABS -> ldAbs(e, k, 2);
      case LD_B_ABS -> ldAbs(e, k, 1);
      case LD_W_IND -> ldInd(e, k, 4);
      case LD_H_IND -> ldInd(e, k, 2);
      case LD_B_IND -> ldInd(e, k, 1);
      case LDX_MSH -> ldxMsh(e, k);
      case LD_IMM -> constant(e, Emission.A, k);
      case LDX_IMM -> constant(e, Emission.X, k);
      case LD_LEN -> move(e, Emission.WIRELEN, Emission.A);
      case LDX_LEN -> move(e, Emission.WIRELEN, Emission.X);
      case LD_MEM -> move(e, e.scratch(k), Emission.A);
      case LDX_MEM -> move(e, e.scratch(k), Emission.X);
      case ST -> move(e, Emission.A, e.scratch(k));
      case STX -> move(e, Emission.X, e.scratch(k));
      case TAX -> move(e, Emission.A, Emission.X);
      case TXA -> move(e, Emission.X, Emission.A);
      default -> throw new IllegalArgumentException("not a load or move: " + l.op());
    }
  }

  /** {@code A <- P[k:n]}; the caplen guard for it was placed by the bounds plan. */
  static void ldAbs(Emission e, int k, int width) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(k);
    e.mv.visitInsn(IADD);
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code A <- P[X+k:n]}: fault unless X + k + n ≤ caplen, computed in 64 bits. */
  static void ldInd(Emission e, int k, int width) {
    e.load(Emission.X);
    e.mv.visitInsn(I2L);
    e.mv.visitLdcInsn(0xffffffffL);
    e.mv.visitInsn(LAND);
    e.mv.visitLdcInsn(Integer.toUnsignedLong(k) + width);
    e.mv.visitInsn(LADD);
    e.load(Emission.CAPLEN);
    e.mv.visitInsn(I2L);
    e.mv.visitInsn(LCMP);
    e.mv.visitJumpInsn(IFGT, e.ret0);
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.load(Emission.X);
    e.mv.visitInsn(IADD);
    if (k != 0) {
      e.push(k);
      e.mv.visitInsn(IADD);
    }
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code X <- 4 * (P[k:1] & 0xf)}. */
  static void ldxMsh(Emission e, int k) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(k);
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
