package io.bpfjit.expr;

/** One straight-line statement of a block (libpcap's {@code struct stmt}): an opcode and its k. */
final class Stmt {
  /** The opcode, or {@link #NOP} once the optimiser has deleted the statement. */
  int code;

  int k;

  static final int NOP = -1;

  /** For a conditional jump inside a block (protochain, geneve): its targets in the same block. */
  Stmt jt;

  Stmt jf;

  /**
   * Where the layout last saw this statement in its block's list: set just before the block's jumps
   * are resolved, so a jump finds its target without a search (and checks it is there).
   */
  int position = -1;

  Stmt(int code, int k) {
    this.code = code;
    this.k = k;
  }

  Stmt(int code) {
    this(code, 0);
  }
}
