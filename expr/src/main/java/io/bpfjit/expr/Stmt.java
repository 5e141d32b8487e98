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

  Stmt(int code, int k) {
    this.code = code;
    this.k = k;
  }

  Stmt(int code) {
    this(code, 0);
  }
}
