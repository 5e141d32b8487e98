package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.VerifiedProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3: lowers one region to the typed steps its method is emitted from ({@link Lir}).
 * Unreachable pcs are dropped; each reachable pc gets its label, the bounds guard the {@link
 * BoundsPlan} placed there (or, for a read no caplen satisfies, only a reject), the X ≠ 0 guard of
 * {@code div x}/{@code mod x}, then its instruction as a load, ALU step, branch (targets from the
 * threaded {@link ControlFlow}), goto or return — or the switch of a {@code jeq} chain it heads —
 * and a tail jump when it falls through into the next region. The opcode-to-step switch is
 * exhaustive: an opcode without a step does not compile.
 */
final class Lowering {
  private Lowering() {}

  /** True when pc's read can fit no caplen, so pc lowers to a lone reject (no fall-through). */
  static boolean alwaysRejects(BoundsPlan bounds, int pc) {
    return bounds.guard(pc) > Integer.MAX_VALUE;
  }

  static List<Lir> lower(
      ControlFlow cfg, BoundsPlan bounds, SwitchPlan switches, RegionPlan.Region region) {
    VerifiedProgram program = cfg.program();
    List<Lir> out = new ArrayList<>();
    for (int pc = region.start(); pc < region.end(); pc++) {
      if (!cfg.isReachable(pc)) {
        continue;
      }
      out.add(new Lir.Label(pc));
      long need = bounds.guard(pc);
      if (alwaysRejects(bounds, pc)) {
        // No caplen satisfies the read: the pc's own code would be dead after the return, and
        // dead code without a stack map frame does not verify.
        out.add(new Lir.Reject(pc));
        continue;
      } else if (need != BoundsPlan.NONE) {
        out.add(new Lir.GuardLen(pc, (int) need));
      }
      Opcode op = program.opcode(pc);
      if (op == Opcode.DIV_X || op == Opcode.MOD_X) {
        out.add(new Lir.GuardXNonZero(pc));
      }
      int next = cfg.nextReachable(pc) < region.end() ? cfg.nextReachable(pc) : -1;
      SwitchPlan.Switch chain = switches.at(pc);
      out.add(chain != null ? new Lir.Switch(pc, chain) : step(cfg, pc, op, next));
      boolean control = op == Opcode.JA || op.isConditionalJump() || op.isReturn();
      if (!control && pc + 1 >= region.end()) {
        out.add(new Lir.TailJump(pc, pc + 1));
      }
    }
    return out;
  }

  /** The step of the instruction at pc; {@code next}: the pc emitted after it, or -1. */
  private static Lir step(ControlFlow cfg, int pc, Opcode op, int next) {
    int k = cfg.program().get(pc).k();
    int[] to = cfg.successors(pc);
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
          new Lir.Load(pc, op, k);
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
          new Lir.Alu(pc, op, k);
      case JEQ_K, JEQ_X, JGT_K, JGT_X, JGE_K, JGE_X, JSET_K, JSET_X ->
          new Lir.Branch(pc, op, k, to[0], to[1], next);
      case JA -> new Lir.Goto(pc, to[0], next);
      case RET_K, RET_A -> new Lir.Return(pc, op, k);
    };
  }
}
