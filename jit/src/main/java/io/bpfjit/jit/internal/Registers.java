package io.bpfjit.jit.internal;

import io.bpfjit.Opcode;

/**
 * Which machine registers each opcode reads and writes, for the analyses that track values across
 * instructions (a load whose result no path changes, a compare a dominating one decided). Bits:
 * {@link #A}, {@link #X}, {@link #M} (the scratch word k), {@link #PACKET} (packet bytes, caplen),
 * {@link #LEN} (wirelen). An exhaustive switch: a new opcode does not compile until it is listed.
 */
public final class Registers {
  public static final int A = 1;
  public static final int X = 2;
  public static final int M = 4;
  public static final int PACKET = 8;
  public static final int LEN = 16;

  private Registers() {}

  /** The registers {@code op} reads. */
  public static int reads(Opcode op) {
    return switch (op) {
      case LD_W_ABS, LD_H_ABS, LD_B_ABS, LDX_MSH -> PACKET;
      case LD_W_IND, LD_H_IND, LD_B_IND -> PACKET | X;
      case LD_IMM, LDX_IMM, JA, RET_K -> 0;
      case LD_LEN, LDX_LEN -> LEN;
      case LD_MEM, LDX_MEM -> M;
      case ST, TAX, NEG, RET_A -> A;
      case STX, TXA -> X;
      case ADD_K, SUB_K, MUL_K, DIV_K, MOD_K, AND_K, OR_K, XOR_K, LSH_K, RSH_K -> A;
      case ADD_X, SUB_X, MUL_X, DIV_X, MOD_X, AND_X, OR_X, XOR_X, LSH_X, RSH_X -> A | X;
      case JEQ_K, JGT_K, JGE_K, JSET_K -> A;
      case JEQ_X, JGT_X, JGE_X, JSET_X -> A | X;
    };
  }

  /** The registers {@code op} writes (returns and jumps write none). */
  public static int writes(Opcode op) {
    return switch (op) {
      case LD_W_ABS, LD_H_ABS, LD_B_ABS, LD_W_IND, LD_H_IND, LD_B_IND -> A;
      case LD_IMM, LD_LEN, LD_MEM, TXA, NEG -> A;
      case LDX_MSH, LDX_IMM, LDX_LEN, LDX_MEM, TAX -> X;
      case ST, STX -> M;
      case ADD_K, SUB_K, MUL_K, DIV_K, MOD_K, AND_K, OR_K, XOR_K, LSH_K, RSH_K -> A;
      case ADD_X, SUB_X, MUL_X, DIV_X, MOD_X, AND_X, OR_X, XOR_X, LSH_X, RSH_X -> A;
      case JA, JEQ_K, JGT_K, JGE_K, JSET_K, JEQ_X, JGT_X, JGE_X, JSET_X, RET_K, RET_A -> 0;
    };
  }
}
