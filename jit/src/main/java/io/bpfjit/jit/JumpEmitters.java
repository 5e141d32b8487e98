package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.IXOR;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.jit.internal.PlantedBug;

/**
 * Emitters for jumps and returns. Unsigned compares flip the sign bit of both sides (the constant
 * at compile time) and use the JVM's signed compares; the branch that falls through to the next pc
 * is omitted. A taken backward {@code ja} counts against the verified budget.
 */
final class JumpEmitters {
  private JumpEmitters() {}

  /** A comparison: the JVM branch for "true" and for "false", and whether operands are flipped. */
  private record Test(int whenTrue, int whenFalse, boolean unsigned, boolean bitTest) {}

  private static final Test EQ = new Test(IF_ICMPEQ, IF_ICMPNE, false, false);
  private static final Test GT = new Test(IF_ICMPGT, IF_ICMPLE, true, false);
  private static final Test GE = new Test(IF_ICMPGE, IF_ICMPLT, true, false);
  private static final Test SET = new Test(IFNE, IFEQ, false, true);

  /** Emits {@code op} if it is a jump or return; false for another family. */
  static boolean emit(Emission e, int pc, RawInstruction i, Opcode op) {
    switch (op) {
      case JA -> ja(e, pc, i);
      case JEQ_K -> conditional(e, pc, i, EQ, false);
      case JEQ_X -> conditional(e, pc, i, EQ, true);
      case JGT_K -> conditional(e, pc, i, GT, false);
      case JGT_X -> conditional(e, pc, i, GT, true);
      case JGE_K -> conditional(e, pc, i, GE, false);
      case JGE_X -> conditional(e, pc, i, GE, true);
      case JSET_K -> conditional(e, pc, i, SET, false);
      case JSET_X -> conditional(e, pc, i, SET, true);
      case RET_K -> ret(e, i.k());
      case RET_A -> retA(e);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code pc <- pc + 1 + k}; backward: {@code if (++count > budget) return 0}. */
  static void ja(Emission e, int pc, RawInstruction insn) {
    int target = e.cfg.successors(pc)[0];
    if (target <= pc) {
      e.mv.visitIincInsn(e.counter(), 1);
      e.load(e.counter());
      e.push(e.backwardJumpBudget);
      e.mv.visitJumpInsn(IF_ICMPGT, e.ret0);
    }
    e.jump(pc, target);
  }

  private static void conditional(Emission e, int pc, RawInstruction insn, Test test, boolean x) {
    int whenTrue = e.cfg.successors(pc)[0];
    int whenFalse = e.cfg.successors(pc)[1];
    if (whenTrue == whenFalse) {
      e.jump(pc, whenTrue);
      return;
    }
    if (e.bug == PlantedBug.SIGNED_COMPARE && test.unsigned()) {
      test = new Test(test.whenTrue(), test.whenFalse(), false, false);
    }
    operands(e, insn, test, x);
    if (e.falls(pc, whenFalse)) {
      e.mv.visitJumpInsn(test.whenTrue(), e.target(whenTrue));
    } else if (e.falls(pc, whenTrue)) {
      e.mv.visitJumpInsn(test.whenFalse(), e.target(whenFalse));
    } else {
      e.mv.visitJumpInsn(test.whenTrue(), e.target(whenTrue));
      e.mv.visitJumpInsn(GOTO, e.target(whenFalse));
    }
  }

  /** Pushes what the test compares: A and the operand (sign-flipped when unsigned), or A & v. */
  private static void operands(Emission e, RawInstruction insn, Test test, boolean x) {
    e.load(Emission.A);
    if (test.unsigned()) {
      e.push(Integer.MIN_VALUE);
      e.mv.visitInsn(IXOR);
    }
    if (x) {
      e.load(Emission.X);
      if (test.unsigned()) {
        e.push(Integer.MIN_VALUE);
        e.mv.visitInsn(IXOR);
      }
    } else {
      e.push(test.unsigned() ? insn.k() ^ Integer.MIN_VALUE : insn.k());
    }
    if (test.bitTest()) {
      e.mv.visitInsn(IAND);
    }
  }

  /** {@code return k}. */
  static void ret(Emission e, int k) {
    e.push(k);
    e.mv.visitInsn(IRETURN);
  }

  /** {@code return A}. */
  static void retA(Emission e) {
    e.load(Emission.A);
    e.mv.visitInsn(IRETURN);
  }
}
