package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.jit.internal.PlantedBug;
import java.util.Arrays;

/**
 * Stage 2 analysis: where to check {@code caplen}, indexed by pc (NetBSD bpfjit's "array bounds
 * check elimination", as NetBSD's bpfjit does).
 *
 * <p><b>Backward pass.</b> {@code required[pc]} is the smallest caplen below which every path from
 * pc returns 0: a path that ends in {@code ret #0} requires nothing ({@code INF}, it returns 0
 * anyway); a path that reaches a non-zero-capable return ({@code ret a}, {@code ret #k≠0}) requires
 * the largest {@code k + width} of the reads on it; a pc requires the minimum over its successors.
 * Indirect reads contribute {@code k + width} (X ≥ 0), and keep their own check.
 *
 * <p><b>Soundness.</b> If caplen &lt; required[pc], then on every path from pc either the path ends
 * at {@code ret #0}, or some read on it needs more than caplen and faults (returns 0); div/mod by X
 * = 0 and an exhausted backward-jump budget also only return 0. So {@code if (caplen <
 * required[pc]) return 0} placed at pc changes no result; loads have no side effects, so doing the
 * check early is invisible. This needs forward-only control flow (the pass visits pcs in reverse
 * order), so programs with backward jumps get plain per-read checks.
 *
 * <p><b>Forward pass.</b> {@code known[pc]} is the caplen every path to pc has already checked
 * (minimum over predecessors). At an absolute read whose own need exceeds it, a guard of {@code
 * max(need, required[pc])} is placed; reads already covered carry no check at all.
 */
final class BoundsPlan {
  static final long INF = Long.MAX_VALUE;
  static final long NONE = -1;

  private final long[] guard;

  private BoundsPlan(long[] guard) {
    this.guard = guard;
  }

  /** The caplen check to emit before {@code pc}, or {@link #NONE}. */
  long guard(int pc) {
    return guard[pc];
  }

  /** Plans the checks; with grouping off (or with loops), every absolute read checks itself. */
  static BoundsPlan plan(ControlFlow cfg, boolean group) {
    return plan(cfg, group, PlantedBug.NONE);
  }

  static BoundsPlan plan(ControlFlow cfg, boolean group, PlantedBug bug) {
    VerifiedProgram program = cfg.program();
    int n = cfg.size();
    long[] guard = new long[n];
    Arrays.fill(guard, NONE);
    boolean grouping = group && !program.hasBackwardJumps();
    long[] required = grouping ? required(cfg, bug == PlantedBug.HOIST_PAST_RETURN) : null;
    long[] known = new long[n];
    Arrays.fill(known, INF);
    known[0] = 0;
    for (int pc = 0; pc < n; pc++) {
      if (!cfg.isReachable(pc)) {
        continue;
      }
      long in = grouping ? known[pc] : 0;
      Opcode op = program.opcode(pc);
      long out = in;
      if (op.isAbsoluteRead()) {
        long need = need(program.get(pc), op);
        if (need > in) {
          long g = grouping && required[pc] != INF ? Math.max(need, required[pc]) : need;
          guard[pc] = bug == PlantedBug.BOUNDS_OFF_BY_ONE ? g - 1 : g;
          out = g;
        }
      }
      if (grouping) {
        for (int s : cfg.successors(pc)) {
          if (s > pc) {
            known[s] = Math.min(known[s], out);
          }
        }
      }
    }
    return new BoundsPlan(guard);
  }

  /** {@code k + width} of a packet read, unsigned, in 64 bits. */
  static long need(RawInstruction insn, Opcode op) {
    return Integer.toUnsignedLong(insn.k()) + op.width();
  }

  private static long[] required(ControlFlow cfg, boolean hoistPastReturns) {
    VerifiedProgram program = cfg.program();
    int n = cfg.size();
    long[] req = new long[n];
    for (int pc = n - 1; pc >= 0; pc--) {
      Opcode op = program.opcode(pc);
      RawInstruction insn = program.get(pc);
      if (op == Opcode.RET_K) {
        req[pc] = insn.k() == 0 ? INF : 0;
      } else if (op == Opcode.RET_A) {
        req[pc] = 0;
      } else {
        long r = INF;
        for (int s : cfg.successors(pc)) {
          r = hoistPastReturns && r != INF ? Math.max(r, req[s]) : Math.min(r, req[s]);
        }
        if (op.isAbsoluteRead() || op.isIndirectRead()) {
          r = Math.max(r, need(insn, op));
        }
        req[pc] = r;
      }
    }
    return req;
  }
}
