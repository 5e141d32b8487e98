package io.bpfjit.expr;

/**
 * A flow-graph edge of the optimiser (libpcap's {@code struct edge}): the true or false exit of
 * {@link #pred}. Its successor is the block's {@code jt}/{@code jf} itself, so changing one changes
 * the other, as in libpcap where {@code JT(b)} is {@code b->et.succ}.
 */
final class Edge {
  final int id;
  final Block pred;
  final boolean isTrue;

  /** The branch that takes this edge: the jump's opcode, negated for the false edge. */
  int code;

  /**
   * Where this edge's edge dominators (the edges every path from the root to it passes through) are
   * in {@link FlowGraph#edomSets}.
   */
  int edomOff;

  /** The next edge into the same block (the in-edge list). */
  Edge next;

  Edge(int id, Block pred, boolean isTrue) {
    this.id = id;
    this.pred = pred;
    this.isTrue = isTrue;
  }

  Block succ() {
    return isTrue ? pred.jt : pred.jf;
  }

  void setSucc(Block b) {
    if (isTrue) {
      pred.jt = b;
    } else {
      pred.jf = b;
    }
  }
}
