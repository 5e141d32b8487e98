package io.bpfjit.expr;

import io.bpfjit.RawInstruction;

/**
 * Flattens a flow graph into a program the way libpcap's {@code icode_to_fcode} does: blocks are
 * placed by a post-order walk (false successor first, then true) filling the array from its end, so
 * the root lands at 0; a branch whose target is 256 or more instructions away gets a {@code ja}
 * right after it and the layout is redone until every branch fits.
 */
final class Layout {
  private Layout() {}

  /** One layout attempt: the program being filled from its end. */
  private static final class Pass {
    final RawInstruction[] out;
    int tail;

    Pass(int n) {
      out = new RawInstruction[n];
      tail = n;
    }
  }

  static RawInstruction[] toProgram(Icode ic) {
    Block[] order = postOrder(ic);
    while (true) {
      int n = 0;
      for (Block p : order) {
        n += p.slen + 1 + p.longJt + p.longJf;
      }
      Pass pass = new Pass(n);
      // One layout pass. A branch found too long marks its block (one more ja) and the pass goes
      // on marking the others before the layout is redone: libpcap redoes it after each one, but
      // distances only grow as jumps are added, so both end with the same marked blocks.
      boolean fits = true;
      for (Block p : order) {
        if (fits) {
          fits = emit(p, pass);
        } else {
          place(p, pass);
          markLong(p);
        }
      }
      if (fits) {
        return pass.out;
      }
    }
  }

  /**
   * Where {@code target} is in {@code stmts}, or -1: its recorded position when that is still
   * right, else a search from {@code from} onwards (a block-local jump goes forwards), then before
   * it.
   */
  private static int indexOf(java.util.List<Stmt> stmts, Stmt target, int from) {
    int at = target.position;
    if (at >= 0 && at < stmts.size() && stmts.get(at) == target) {
      return at;
    }
    for (int i = from + 1, m = stmts.size(); i < m; i++) {
      if (stmts.get(i) == target) {
        return i;
      }
    }
    for (int i = 0; i <= from && i < stmts.size(); i++) {
      if (stmts.get(i) == target) {
        return i;
      }
    }
    return -1;
  }

  /** Statements that are not NOPs (libpcap's slength). */
  private static int length(Block p) {
    java.util.List<Stmt> stmts = p.stmts;
    int n = 0;
    for (int i = 0, m = stmts.size(); i < m; i++) {
      if (stmts.get(i).code != Stmt.NOP) {
        n++;
      }
    }
    return n;
  }

  /**
   * The blocks in the order the layout places them, each once, with its statement count: post
   * order, false successor first, then true (libpcap's convert_code_r walk); the array is filled
   * from its end, so the root lands at 0.
   */
  static Block[] postOrder(Icode ic) {
    ic.unMarkAll();
    PostOrder walk = new PostOrder();
    if (walk.visit(ic, ic.root, 0)) {
      return walk.count == walk.order.length
          ? walk.order
          : java.util.Arrays.copyOf(walk.order, walk.count);
    }
    return postOrderWithStack(ic);
  }

  /** The recursive post-order walk, for graphs no deeper than {@link Recursion#MAX_DEPTH}. */
  private static final class PostOrder {
    Block[] order = new Block[32];
    int count;

    /** Places {@code p} and what it reaches; false when that goes too deep. */
    boolean visit(Icode ic, Block p, int depth) {
      if (ic.isMarked(p)) {
        return true;
      }
      if (depth > Recursion.MAX_DEPTH) {
        return false;
      }
      ic.mark(p);
      p.slen = length(p);
      if (p.jf != null && !visit(ic, p.jf, depth + 1)) {
        return false;
      }
      if (p.jt != null && !visit(ic, p.jt, depth + 1)) {
        return false;
      }
      if (count == order.length) {
        order = java.util.Arrays.copyOf(order, count * 2);
      }
      order[count++] = p;
      return true;
    }
  }

  /** {@link #postOrder} with an explicit stack, for graphs of any depth. */
  static Block[] postOrderWithStack(Icode ic) {
    ic.unMarkAll();
    Block[] blocks = new Block[64];
    int[] states = new int[64];
    Block[] order = new Block[32];
    int count = 0;
    int top = 0;
    blocks[0] = ic.root;
    while (top >= 0) {
      Block p = blocks[top];
      int state = states[top];
      Block child = null;
      if (state == 0) {
        if (ic.isMarked(p)) {
          top--;
          continue;
        }
        ic.mark(p);
        p.slen = length(p);
        states[top] = 1;
        child = p.jf;
      } else if (state == 1) {
        states[top] = 2;
        child = p.jt;
      } else {
        top--;
        if (count == order.length) {
          order = java.util.Arrays.copyOf(order, count * 2);
        }
        order[count++] = p;
        continue;
      }
      if (child != null) {
        if (++top == blocks.length) {
          blocks = java.util.Arrays.copyOf(blocks, top * 2);
          states = java.util.Arrays.copyOf(states, top * 2);
        }
        blocks[top] = child;
        states[top] = 0;
      }
    }
    return count == order.length ? order : java.util.Arrays.copyOf(order, count);
  }

  /** Places {@code p} before the blocks already placed; its offset. */
  private static int place(Block p, Pass pass) {
    pass.tail -= p.slen + 1 + p.longJt + p.longJf;
    p.offset = pass.tail;
    return p.offset;
  }

  /**
   * Gives each branch of placed block {@code p} whose target is 256 or more instructions away a
   * {@code ja} after it, if it has none yet; whether any was new (the layout must be redone).
   */
  private static boolean markLong(Block p) {
    if (p.jt == null) {
      return false;
    }
    int from = p.offset + p.slen;
    boolean marked = false;
    if ((long) p.jt.offset - from - 1 >= 256 && p.longJt == 0) {
      p.longJt = 1;
      marked = true;
    }
    if ((long) p.jf.offset - from - 1 >= 256 && p.longJf == 0) {
      p.longJf = 1;
      marked = true;
    }
    return marked;
  }

  private static boolean emit(Block p, Pass pass) {
    int slen = p.slen;
    int dst = place(p, pass);
    RawInstruction[] out = pass.out;
    // the branch first: a target too far away ends this attempt before anything is written
    if (markLong(p)) {
      return false;
    }
    int at = dst + slen; // the branch, after the statements
    if (p.jt != null) {
      long far = (long) p.jt.offset - at - 1;
      long farF = (long) p.jf.offset - at - 1;
      int extra = 0;
      int jt = (int) far;
      if (far >= 256) {
        jt = extra++;
        out[at + extra] = new RawInstruction(Bpf.JMP | Bpf.JA, 0, 0, (int) (far - extra));
      }
      int jf = (int) farF;
      if (farF >= 256) {
        jf = extra++;
        out[at + extra] = new RawInstruction(Bpf.JMP | Bpf.JA, 0, 0, (int) (farF - extra));
      }
      out[at] = new RawInstruction(p.code, jt, jf, p.k);
    } else {
      out[at] = new RawInstruction(p.code, 0, 0, p.k);
    }
    int off = -1;
    java.util.List<Stmt> stmts = p.stmts;
    boolean positioned = false;
    for (int i = 0, m = stmts.size(); i < m; i++) {
      Stmt s = stmts.get(i);
      if (s.code == Stmt.NOP) {
        continue;
      }
      off++;
      int jt = 0;
      int jf = 0;
      // A conditional jump inside the block: its targets are statements of the same block.
      // libpcap leaves the one just before the block's last statement unfilled.
      if ((s.code & 0x07) == Bpf.JMP && s.code != (Bpf.JMP | Bpf.JA) && off != slen - 2) {
        if (!positioned) { // the block's first jump: record where its statements are
          for (int j = i; j < m; j++) {
            stmts.get(j).position = j;
          }
          positioned = true;
        }
        int t = indexOf(stmts, s.jt, i);
        int f = indexOf(stmts, s.jf, i);
        if (t < 0 || f < 0) {
          throw new IllegalStateException("block-local jump without a destination");
        }
        jt = t - off - 1;
        jf = f - off - 1;
      }
      out[dst++] = new RawInstruction(s.code, jt, jf, s.k);
    }
    return true;
  }
}
