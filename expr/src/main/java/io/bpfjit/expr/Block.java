package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of the code generator's flow graph (libpcap's {@code struct block}): straight-line
 * statements, then one conditional jump (or a return) with a true and a false successor.
 *
 * <p>While a primitive is being built its still-open exits form a list threaded through {@link
 * #jt}/{@link #jf}: {@link #sense} says which field is the link. {@link Blocks#and}, {@link
 * Blocks#or} and {@link Blocks#not} combine such fragments, {@link #head} is a fragment's entry.
 */
final class Block {
  int code;
  int k;
  List<Stmt> stmts;
  Block jt;
  Block jf;
  boolean sense;
  Block head;

  // Layout state (icode_to_fcode).
  int offset;
  int slen;
  int longJt;
  int longJf;
  int mark;

  // Optimiser state (optimize.c's per-block fields).
  int id;
  int level;
  Block link;
  int domOff;

  /** The first edge into this block ({@link FlowGraph#edgeNext} links the others), or -1. */
  int inEdge = -1;

  int def;
  int kill;
  int inUse;
  int outUse;
  int oval;

  /** Where this block's value numbers are in {@link FlowGraph#vals} (plus the atom). */
  int valBase;

  Block(int code, int k) {
    this(code, k, new ArrayList<>());
  }

  Block(int code, int k, List<Stmt> stmts) {
    this.code = code;
    this.k = k;
    this.stmts = stmts;
    this.head = this;
  }

  boolean isReturn() {
    return (code & 0x07) == Bpf.RET;
  }
}
