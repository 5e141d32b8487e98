package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.VerifiedProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1: the control-flow graph at pc granularity — successors, predecessors, jump targets and
 * backward edges. Blocks are implicit: a pc that is a jump target or follows a jump starts one.
 * Invariant: every successor is a valid pc (the verifier checked the targets).
 */
final class ControlFlow {
  private final VerifiedProgram program;
  private final int[][] successors;
  private final List<List<Integer>> predecessors;
  private final boolean[] jumpTarget;

  private ControlFlow(VerifiedProgram program) {
    this.program = program;
    int n = program.size();
    successors = new int[n][];
    predecessors = new ArrayList<>(n);
    jumpTarget = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      predecessors.add(new ArrayList<>(2));
    }
    for (int pc = 0; pc < n; pc++) {
      successors[pc] = program.successors(pc);
      if (!program.isReachable(pc)) {
        continue;
      }
      Opcode op = program.opcode(pc);
      for (int s : successors[pc]) {
        predecessors.get(s).add(pc);
        if (op == Opcode.JA || op.isConditionalJump()) {
          jumpTarget[s] = true;
        }
      }
    }
  }

  /** Builds the graph of a verified program. */
  static ControlFlow of(VerifiedProgram program) {
    return new ControlFlow(program);
  }

  VerifiedProgram program() {
    return program;
  }

  int size() {
    return successors.length;
  }

  /** Successor pcs (none for returns; target for {@code ja}; true then false for conditionals). */
  int[] successors(int pc) {
    return successors[pc];
  }

  /** Reachable predecessors of {@code pc}. */
  List<Integer> predecessors(int pc) {
    return predecessors.get(pc);
  }

  /** True when a reachable jump targets {@code pc}. */
  boolean isJumpTarget(int pc) {
    return jumpTarget[pc];
  }

  boolean isReachable(int pc) {
    return program.isReachable(pc);
  }
}
