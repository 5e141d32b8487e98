package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.VerifiedProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3: lowers one region to the flat list its method is emitted from. Unreachable pcs are
 * dropped; each reachable pc gets its label, the bounds guard the {@link BoundsPlan} placed there
 * (or, for a read no caplen satisfies, only {@code REJECT}), the X ≠ 0 guard of {@code div
 * x}/{@code mod x}, the instruction (or the switch of a {@code jeq} chain it heads), and an
 * explicit jump when it falls through into the next region.
 */
final class Lowering {
  private Lowering() {}

  /** True when pc's read can fit no caplen, so pc lowers to a lone REJECT (no fall-through). */
  static boolean alwaysRejects(BoundsPlan bounds, int pc) {
    return bounds.guard(pc) > Integer.MAX_VALUE;
  }

  static List<LirOp> lower(
      ControlFlow cfg, BoundsPlan bounds, SwitchPlan switches, RegionPlan.Region region) {
    VerifiedProgram program = cfg.program();
    List<LirOp> out = new ArrayList<>();
    for (int pc = region.start(); pc < region.end(); pc++) {
      if (!cfg.isReachable(pc)) {
        continue;
      }
      out.add(LirOp.of(LirOp.Kind.LABEL, pc));
      long need = bounds.guard(pc);
      if (alwaysRejects(bounds, pc)) {
        // No caplen satisfies the read: the pc's own code would be dead after the return, and
        // dead code without a stack map frame does not verify.
        out.add(LirOp.of(LirOp.Kind.REJECT, pc));
        continue;
      } else if (need != BoundsPlan.NONE) {
        out.add(new LirOp(LirOp.Kind.GUARD_LEN, pc, need));
      }
      Opcode op = program.opcode(pc);
      if (op == Opcode.DIV_X || op == Opcode.MOD_X) {
        out.add(LirOp.of(LirOp.Kind.GUARD_X_NONZERO, pc));
      }
      out.add(LirOp.of(switches.at(pc) != null ? LirOp.Kind.SWITCH : LirOp.Kind.INSN, pc));
      boolean control = op == Opcode.JA || op.isConditionalJump() || op.isReturn();
      if (!control && pc + 1 >= region.end()) {
        out.add(new LirOp(LirOp.Kind.JUMP, pc, pc + 1));
      }
    }
    return out;
  }
}
