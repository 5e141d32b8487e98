package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.INEG;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISHR;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LDIV;
import static org.objectweb.asm.Opcodes.LREM;

import io.bpfjit.jit.internal.PlantedBug;

/**
 * Emitters for {@code A <- A op operand}. Unsigned division is a 64-bit division of zero-extended
 * values; a constant power-of-two divisor becomes a shift or mask (X = 0 is a lowering guard).
 * Shifts follow docs/semantics.md: by k, {@code k & 31} at compile time; by X, a branch-free mask
 * that is 0 when the unsigned count is ≥ 32.
 */
final class AluEmitters {
  private AluEmitters() {}

  /** Emits an ALU step. */
  static void emit(Emission e, Lir.Alu a) {
    int k = a.k();
    switch (a.op()) {
      case ADD_K -> binaryK(e, IADD, k);
      case SUB_K -> binaryK(e, ISUB, k);
      case MUL_K -> binaryK(e, IMUL, k);
      case AND_K -> binaryK(e, IAND, k);
      case OR_K -> binaryK(e, IOR, k);
      case XOR_K -> binaryK(e, IXOR, k);
      case ADD_X -> binaryX(e, IADD);
      case SUB_X -> binaryX(e, ISUB);
      case MUL_X -> binaryX(e, IMUL);
      case AND_X -> binaryX(e, IAND);
      case OR_X -> binaryX(e, IOR);
      case XOR_X -> binaryX(e, IXOR);
      case DIV_K -> divK(e, k, false);
      case MOD_K -> divK(e, k, true);
      case DIV_X -> divX(e, LDIV);
      case MOD_X -> divX(e, LREM);
      case LSH_K -> shiftK(e, ISHL, k);
      case RSH_K -> shiftK(e, IUSHR, k);
      case LSH_X -> shiftX(e, ISHL);
      case RSH_X -> shiftX(e, IUSHR);
      case NEG -> neg(e);
      default -> throw new IllegalArgumentException("not an ALU operation: " + a.op());
    }
  }

  /** {@code A <- A op k}. */
  static void binaryK(Emission e, int op, int k) {
    e.load(Emission.A);
    e.push(k);
    e.mv.visitInsn(op);
    e.store(Emission.A);
  }

  /** {@code A <- A op X}. */
  static void binaryX(Emission e, int op) {
    e.load(Emission.A);
    e.load(Emission.X);
    e.mv.visitInsn(op);
    e.store(Emission.A);
  }

  /** {@code A <- A / k} or {@code A % k}, unsigned, k ≠ 0 (verified). */
  static void divK(Emission e, int k, boolean mod) {
    if (Integer.bitCount(k) == 1) {
      if (mod) {
        binaryK(e, IAND, k - 1);
      } else if (k != 1) {
        binaryK(e, IUSHR, Integer.numberOfTrailingZeros(k));
      }
      return;
    }
    zeroExtend(e, Emission.A);
    e.mv.visitLdcInsn(Integer.toUnsignedLong(k));
    e.mv.visitInsn(mod ? LREM : LDIV);
    e.mv.visitInsn(L2I);
    e.store(Emission.A);
  }

  /** {@code A <- A / X} or {@code A % X}, unsigned; lowering put the X = 0 guard before it. */
  static void divX(Emission e, int op) {
    zeroExtend(e, Emission.A);
    zeroExtend(e, Emission.X);
    e.mv.visitInsn(op);
    e.mv.visitInsn(L2I);
    e.store(Emission.A);
  }

  private static void zeroExtend(Emission e, int slot) {
    e.load(slot);
    e.mv.visitInsn(I2L);
    e.mv.visitLdcInsn(0xffffffffL);
    e.mv.visitInsn(LAND);
  }

  /** {@code A <- A << (k & 31)} or {@code A >>> (k & 31)}. */
  static void shiftK(Emission e, int op, int k) {
    if ((k & 31) != 0) {
      binaryK(e, op, k & 31);
    }
  }

  /** {@code A <- (A op X) & (((X >>> 5) - 1) >> 31)}: the mask is all ones iff X < 32 unsigned. */
  static void shiftX(Emission e, int op) {
    e.load(Emission.A);
    e.load(Emission.X);
    e.mv.visitInsn(op);
    if (e.bug == PlantedBug.SHIFT_BY_X_MASKED) {
      e.store(Emission.A);
      return;
    }
    e.load(Emission.X);
    e.push(5);
    e.mv.visitInsn(IUSHR);
    e.push(-1);
    e.mv.visitInsn(IADD);
    e.push(31);
    e.mv.visitInsn(ISHR);
    e.mv.visitInsn(IAND);
    e.store(Emission.A);
  }

  /** {@code A <- -A}. */
  static void neg(Emission e) {
    e.load(Emission.A);
    e.mv.visitInsn(INEG);
    e.store(Emission.A);
  }
}
