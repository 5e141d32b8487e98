package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.jit.internal.Threading;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1: the control-flow graph at pc granularity — successors, predecessors, jump targets and
 * backward edges — after {@link Threading} has redirected the edges it could (emitters take a
 * jump's targets from here, never from the instruction). Blocks are implicit: a pc that is a jump
 * target or follows a jump starts one. Invariant: every successor is a valid pc.
 */
final class ControlFlow {
  private final VerifiedProgram program;
  private final int[][] successors;
  private final List<List<Integer>> predecessors;
  private final boolean[] jumpTarget;
  private final boolean[] reachable;

  /** Per pc, the first reachable pc at or after it ({@code size()} when none is). */
  private final int[] nextReachable;

  private ControlFlow(VerifiedProgram program, boolean thread) {
    this.program = program;
    int n = program.size();
    int[][] threaded = thread ? Threading.successors(program) : null;
    successors = new int[n][];
    predecessors = new ArrayList<>(n);
    jumpTarget = new boolean[n];
    reachable = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      predecessors.add(new ArrayList<>(2));
      successors[pc] = threaded != null ? threaded[pc] : program.successors(pc);
      reachable[pc] = threaded == null && program.isReachable(pc);
    }
    if (threaded != null && n > 0) { // forward edges only: one pass in pc order
      reachable[0] = true;
      for (int pc = 0; pc < n; pc++) {
        if (reachable[pc]) {
          for (int s : successors[pc]) {
            reachable[s] = true;
          }
        }
      }
    }
    nextReachable = new int[n + 1];
    nextReachable[n] = n;
    for (int pc = n - 1; pc >= 0; pc--) {
      nextReachable[pc] = reachable[pc] ? pc : nextReachable[pc + 1];
    }
    for (int pc = 0; pc < n; pc++) {
      if (!reachable[pc]) {
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

  /** Builds the graph of a verified program, with its jumps threaded. */
  static ControlFlow of(VerifiedProgram program) {
    return new ControlFlow(program, true);
  }

  /** The graph as the instructions have it, nothing threaded. */
  static ControlFlow unthreaded(VerifiedProgram program) {
    return new ControlFlow(program, false);
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
    return reachable[pc];
  }

  /** The first reachable pc after {@code pc}: the code emitted next ({@code size()} if none). */
  int nextReachable(int pc) {
    return nextReachable[pc + 1];
  }
}
