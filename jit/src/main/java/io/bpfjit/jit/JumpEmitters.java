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

  /** A conditional jump: compare, then branch to whichever target is not emitted next. */
  static void branch(Emission e, Lir.Branch b) {
    if (b.whenTrue() == b.whenFalse()) {
      e.jump(b.whenTrue(), b.next());
      return;
    }
    Test test =
        switch (b.op()) {
          case JEQ_K, JEQ_X -> EQ;
          case JGT_K, JGT_X -> GT;
          case JGE_K, JGE_X -> GE;
          case JSET_K, JSET_X -> SET;
          default -> throw new IllegalArgumentException("not a conditional jump: " + b.op());
        };
    if (e.bug == PlantedBug.SIGNED_COMPARE && test.unsigned()) {
      test = new Test(test.whenTrue(), test.whenFalse(), false, false);
    }
    boolean x = (b.op().code() & 0x08) != 0;
    operands(e, b.k(), test, x);
    if (b.whenFalse() == b.next()) {
      e.mv.visitJumpInsn(test.whenTrue(), e.target(b.whenTrue()));
    } else if (b.whenTrue() == b.next()) {
      e.mv.visitJumpInsn(test.whenFalse(), e.target(b.whenFalse()));
    } else {
      e.mv.visitJumpInsn(test.whenTrue(), e.target(b.whenTrue()));
      e.mv.visitJumpInsn(GOTO, e.target(b.whenFalse()));
    }
  }

  /** {@code ja}; backward: {@code if (++count > budget) return 0} first. */
  static void goTo(Emission e, Lir.Goto g) {
    if (g.backward()) {
      e.mv.visitIincInsn(e.counter(), 1);
      e.load(e.counter());
      e.push(e.backwardJumpBudget);
      e.mv.visitJumpInsn(IF_ICMPGT, e.ret0);
    }
    e.jump(g.target(), g.next());
  }

  /** {@code ret #k} or {@code ret a}. */
  static void ret(Emission e, Lir.Return r) {
    if (r.op() == Opcode.RET_A) {
      e.load(Emission.A);
    } else {
      e.push(r.k());
    }
    e.mv.visitInsn(IRETURN);
  }

  /** Pushes what the test compares: A and the operand (sign-flipped when unsigned), or A & v. */
  private static void operands(Emission e, int k, Test test, boolean x) {
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
      e.push(test.unsigned() ? k ^ Integer.MIN_VALUE : k);
    }
    if (test.bitTest()) {
      e.mv.visitInsn(IAND);
    }
  }
}
