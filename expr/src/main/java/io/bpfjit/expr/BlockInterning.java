package io.bpfjit.expr;

import java.util.List;

/**
 * libpcap's {@code intern_blocks}, the optimiser's last pass but one: reachable blocks equal in
 * branch, targets and statements are merged, repeatedly, until none are left.
 */
final class BlockInterning {
  private final Icode ic;
  private final FlowGraph g;

  private final Block[] table;

  BlockInterning(Icode ic, FlowGraph g) {
    this.ic = ic;
    this.g = g;
    this.table = new Block[Integer.highestOneBit(Math.max(8, g.nBlocks)) * 4];
  }

  /** A hash of the statements that are not NOPs (they do not change while blocks are interned). */
  private static int statementsHash(Block b) {
    int h = 1;
    List<Stmt> stmts = b.stmts;
    for (int i = 0, n = stmts.size(); i < n; i++) {
      Stmt s = stmts.get(i);
      if (s.code != Stmt.NOP) {
        h = (h * 31 + s.code) * 31 + s.k;
      }
    }
    return h;
  }

  /** A hash of what eq_blk compares: branch, k, both targets and the statements' hash. */
  private static int shapeHash(Block b, int statementsHash) {
    int h = (31 * b.code + b.k) * 31 + (b.jt == null ? -1 : b.jt.id);
    h = (h * 31 + (b.jf == null ? -1 : b.jf.id)) * 31 + statementsHash;
    return h ^ (h >>> 16);
  }

  /** eq_blk: same branch, k and targets (by identity), and the same statements besides NOPs. */
  private static boolean sameShape(Block a, Block b) {
    if (a.code != b.code || a.k != b.k || a.jt != b.jt || a.jf != b.jf) {
      return false;
    }
    List<Stmt> x = a.stmts;
    List<Stmt> y = b.stmts;
    int i = 0;
    int j = 0;
    while (true) {
      while (i < x.size() && x.get(i).code == Stmt.NOP) {
        i++;
      }
      while (j < y.size() && y.get(j).code == Stmt.NOP) {
        j++;
      }
      if (i == x.size() || j == y.size()) {
        return i == x.size() && j == y.size();
      }
      if (x.get(i).code != y.get(j).code || x.get(i).k != y.get(j).k) {
        return false;
      }
      i++;
      j++;
    }
  }

  private void markReachable() {
    ic.unMarkAll();
    if (!markFrom(ic.root, 0)) {
      markWithStack();
    }
  }

  /** Marks what {@code p} reaches; false when that goes deeper than {@link Recursion}. */
  private boolean markFrom(Block p, int depth) {
    if (ic.isMarked(p)) {
      return true;
    }
    if (depth > Recursion.MAX_DEPTH) {
      return false;
    }
    ic.mark(p);
    return (p.code & 0x07) == Bpf.RET || (markFrom(p.jt, depth + 1) && markFrom(p.jf, depth + 1));
  }

  private void markWithStack() {
    ic.unMarkAll();
    // each block is pushed at most once per in-edge: two per block, plus the root
    Block[] stack = new Block[2 * g.nBlocks + 1];
    int top = 0;
    stack[top++] = ic.root;
    while (top > 0) {
      Block p = stack[--top];
      if (ic.isMarked(p)) {
        continue;
      }
      ic.mark(p);
      if ((p.code & 0x07) != Bpf.RET) {
        stack[top++] = p.jt;
        stack[top++] = p.jf;
      }
    }
  }

  /**
   * intern_blocks: blocks equal in branch, targets and statements become one. libpcap links each
   * reachable block to the first equal one after it in numbering order, comparing every pair; the
   * blocks are visited here in the same descending order, each looked up by its shape among those
   * already visited (the smallest such number is the one kept), which finds the same block without
   * the quadratic search.
   */
  void run() {
    Block[] blocks = g.blocks;
    int n = g.nBlocks;
    // computed for the blocks reachable at the first round; no later round reaches another
    int[] statementsHash = new int[n];
    boolean first = true;
    boolean done1;
    do {
      done1 = true;
      for (int i = 0; i < n; ++i) {
        blocks[i].link = null;
      }
      markReachable();
      // Open addressing by shape; a slot holds the last-visited (lowest-numbered) block so far.
      java.util.Arrays.fill(table, null);
      int mask = table.length - 1;
      for (int i = n - 1; i >= 0; --i) {
        Block b = blocks[i];
        if (!ic.isMarked(b)) {
          continue;
        }
        if (first) {
          statementsHash[i] = statementsHash(b);
        }
        int h = shapeHash(b, statementsHash[i]) & mask;
        Block same = null;
        while (table[h] != null) {
          if (sameShape(table[h], b)) {
            same = table[h];
            break;
          }
          h = (h + 1) & mask;
        }
        table[h] = b;
        if (same != null && i < n - 1) {
          b.link = same.link != null ? same.link : same;
        }
      }
      first = false;
      for (int i = 0; i < n; ++i) {
        Block p = blocks[i];
        if (p.jt == null) {
          continue;
        }
        if (p.jt.link != null) {
          done1 = false;
          p.jt = p.jt.link;
        }
        if (p.jf.link != null) {
          done1 = false;
          p.jf = p.jf.link;
        }
      }
    } while (!done1);
  }
}
