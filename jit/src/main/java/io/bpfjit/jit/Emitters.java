package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;

/**
 * The emitter of every opcode, family by family: {@link LoadEmitters} (loads, stores, moves),
 * {@link AluEmitters}, {@link JumpEmitters} (jumps, returns), each a switch over its opcodes. The
 * family switch below is exhaustive, so an opcode added without a family does not compile. Plain
 * switches rather than a table of lambdas: linking fifty lambdas took 20 ms of every process that
 * compiles its first filter (measured with the CLI's class-data archive).
 */
final class Emitters {
  private enum Family {
    LOAD,
    ALU,
    JUMP
  }

  private Emitters() {}

  /** Emits the instruction {@code insn} (opcode {@code op}) at {@code pc}. */
  static void emit(Emission e, int pc, RawInstruction insn, Opcode op) {
    boolean emitted =
        switch (family(op)) {
          case LOAD -> LoadEmitters.emit(e, pc, insn, op);
          case ALU -> AluEmitters.emit(e, insn, op);
          case JUMP -> JumpEmitters.emit(e, pc, insn, op);
        };
    if (!emitted) {
      throw new IllegalStateException("no emitter for " + op + " in its family's switch");
    }
  }

  private static Family family(Opcode op) {
    return switch (op) {
      case LD_IMM,
          LDX_IMM,
          LD_W_ABS,
          LD_H_ABS,
          LD_B_ABS,
          LD_W_IND,
          LD_H_IND,
          LD_B_IND,
          LDX_MSH,
          LD_LEN,
          LDX_LEN,
          LD_MEM,
          LDX_MEM,
          ST,
          STX,
          TAX,
          TXA ->
          Family.LOAD;
      case ADD_K,
          SUB_K,
          MUL_K,
          DIV_K,
          MOD_K,
          AND_K,
          OR_K,
          XOR_K,
          LSH_K,
          RSH_K,
          ADD_X,
          SUB_X,
          MUL_X,
          DIV_X,
          MOD_X,
          AND_X,
          OR_X,
          XOR_X,
          LSH_X,
          RSH_X,
          NEG ->
          Family.ALU;
      case JA, JEQ_K, JEQ_X, JGT_K, JGT_X, JGE_K, JGE_X, JSET_K, JSET_X, RET_K, RET_A ->
          Family.JUMP;
    };
  }
}
