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

  private static final class Pass {
    final int[] code;
    final int[] jt;
    final int[] jf;
    final int[] k;
    int tail;
    final Icode ic;

    Pass(int n, Icode ic) {
      code = new int[n];
      jt = new int[n];
      jf = new int[n];
      k = new int[n];
      tail = n;
      this.ic = ic;
    }
  }

  static RawInstruction[] toProgram(Icode ic) {
    Block[] order = postOrder(ic);
    while (true) {
      int n = 0;
      for (Block p : order) {
        n += p.slen + 1 + p.longJt + p.longJf;
      }
      Pass pass = new Pass(n, ic);
      // One layout pass. A branch found too long marks its block (one more ja) and the pass goes
      // on marking the others before the layout is redone: libpcap redoes it after each one, but
      // distances only grow as jumps are added, so both end with the same marked blocks.
      boolean fits = true;
      for (Block p : order) {
        if (fits) {
          fits = emit(p, pass);
        } else {
          markLong(p, pass);
        }
      }
      if (fits) {
        RawInstruction[] out = new RawInstruction[n];
        for (int i = 0; i < n; i++) {
          out[i] = new RawInstruction(pass.code[i], pass.jt[i], pass.jf[i], pass.k[i]);
        }
        return out;
      }
    }
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
  private static Block[] postOrder(Icode ic) {
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

  /** After a failed emit: places the block as emit would and marks its too-long branches. */
  private static void markLong(Block p, Pass pass) {
    int slen = p.slen;
    pass.tail -= slen + 1 + p.longJt + p.longJf;
    p.offset = pass.tail;
    if (p.jt != null) {
      if ((long) p.jt.offset - (p.offset + slen) - 1 >= 256 && p.longJt == 0) {
        p.longJt++;
      }
      if ((long) p.jf.offset - (p.offset + slen) - 1 >= 256 && p.longJf == 0) {
        p.longJf++;
      }
    }
  }

  private static boolean emit(Block p, Pass pass) {
    int slen = p.slen;
    pass.tail -= slen + 1 + p.longJt + p.longJf;
    int dst = pass.tail;
    p.offset = dst;
    int off = -1;
    java.util.List<Stmt> stmts = p.stmts;
    int[] code = pass.code;
    int[] kk = pass.k;
    for (int i = 0, m = stmts.size(); i < m; i++) {
      Stmt s = stmts.get(i);
      if (s.code == Stmt.NOP) {
        continue;
      }
      off++;
      code[dst] = s.code;
      kk[dst] = s.k;
      // A conditional jump inside the block: its targets are statements of the same block.
      // libpcap leaves the one just before the block's last statement unfilled.
      if ((s.code & 0x07) == Bpf.JMP && s.code != (Bpf.JMP | Bpf.JA) && off != slen - 2) {
        int jt = p.stmts.indexOf(s.jt);
        int jf = p.stmts.indexOf(s.jf);
        if (jt < 0 || jf < 0) {
          throw new IllegalStateException("block-local jump without a destination");
        }
        pass.jt[dst] = jt - off - 1;
        pass.jf[dst] = jf - off - 1;
      }
      dst++;
    }
    pass.code[dst] = p.code;
    pass.k[dst] = p.k;
    if (p.jt != null) {
      int extra = 0;
      long far = (long) p.jt.offset - (p.offset + slen) - 1;
      long farF = (long) p.jf.offset - (p.offset + slen) - 1;
      if ((far >= 256 && p.longJt == 0) || (farF >= 256 && p.longJf == 0)) {
        if (far >= 256) {
          p.longJt = 1;
        }
        if (farF >= 256) {
          p.longJf = 1;
        }
        return false;
      }
      if (far >= 256) {
        pass.jt[dst] = extra;
        extra++;
        pass.code[dst + extra] = Bpf.JMP | Bpf.JA;
        pass.k[dst + extra] = (int) (far - extra);
      } else {
        pass.jt[dst] = (int) far;
      }
      far = farF;
      if (far >= 256) {
        pass.jf[dst] = extra;
        extra++;
        pass.code[dst + extra] = Bpf.JMP | Bpf.JA;
        pass.k[dst + extra] = (int) (far - extra);
      } else {
        pass.jf[dst] = (int) far;
      }
    }
    return true;
  }
}
