package io.bpfjit.expr;

import java.util.List;

/**
 * libpcap's {@code intern_blocks}, the optimiser's last pass but one: reachable blocks equal in
 * branch, targets and statements are merged, until no two are left.
 *
 * <p>libpcap compares every pair of reachable blocks, links each to an equal one, redirects the
 * edges and starts again until a round links nothing (a block whose targets were merged may now
 * equal another): quadratic rounds, as many as the graph is deep. Its result is the graph in which
 * no two reachable blocks are equal; as merging equal blocks changes no path's statements and
 * branches, that graph is the one smallest graph of the same paths, whichever equal block each
 * merge keeps. Here it is built in one walk (hash-consing): successors first, then the block,
 * looked up by its shape among those already kept, so each block meets its successors already
 * merged.
 */
final class BlockInterning {
  private final Icode ic;
  private final FlowGraph g;

  /** Open addressing by shape: the blocks kept so far. */
  private final Block[] table;

  /** Per block id, the block kept in its place (itself, or an equal one kept before). */
  private final Block[] kept;

  BlockInterning(Icode ic, FlowGraph g) {
    this.ic = ic;
    this.g = g;
    this.table = new Block[Integer.highestOneBit(Math.max(8, g.nBlocks)) * 4];
    this.kept = new Block[g.nBlocks];
  }

  /** A hash of the statements that are not NOPs. */
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

  /** A hash of what eq_blk compares: branch, k, both targets and the statements. */
  private static int shapeHash(Block b) {
    int h = (31 * b.code + b.k) * 31 + (b.jt == null ? -1 : b.jt.id);
    h = (h * 31 + (b.jf == null ? -1 : b.jf.id)) * 31 + statementsHash(b);
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

  /** Merges the reachable blocks: every edge ends at a kept block, no two of them equal. */
  void run() {
    ic.unMarkAll();
    if (!internFrom(ic.root, 0)) {
      // what the recursion merged stays merged (a smaller graph of the same paths)
      java.util.Arrays.fill(table, null);
      ic.unMarkAll();
      internWithStack();
    }
  }

  /**
   * Interns what {@code p} reaches, then {@code p}; false when that goes deeper than {@link
   * Recursion#MAX_DEPTH}. (The graph is acyclic: a marked block is finished.)
   */
  private boolean internFrom(Block p, int depth) {
    if (ic.isMarked(p)) {
      return true;
    }
    if (depth > Recursion.MAX_DEPTH) {
      return false;
    }
    ic.mark(p);
    if (p.jt != null && (!internFrom(p.jt, depth + 1) || !internFrom(p.jf, depth + 1))) {
      return false;
    }
    finish(p);
    return true;
  }

  private void internWithStack() {
    // each block of the path, with its false successor waiting beside it: a path is at most
    // every block. An entry is a block and whether its successors are pushed already.
    Block[] stack = new Block[2 * g.nBlocks + 2];
    boolean[] expanded = new boolean[2 * g.nBlocks + 2];
    int top = 0;
    stack[0] = ic.root;
    while (top >= 0) {
      Block p = stack[top];
      if (expanded[top]) {
        top--;
        finish(p);
        continue;
      }
      if (ic.isMarked(p)) {
        top--;
        continue;
      }
      ic.mark(p);
      expanded[top] = true;
      if (p.jt != null) {
        stack[++top] = p.jf;
        expanded[top] = false;
        stack[++top] = p.jt;
        expanded[top] = false;
      }
    }
  }

  /** Points {@code p}'s edges at kept blocks, then keeps {@code p} or the equal block kept. */
  private void finish(Block p) {
    if (p.jt != null) {
      p.jt = kept[p.jt.id];
      p.jf = kept[p.jf.id];
    }
    Block[] t = table;
    int mask = t.length - 1;
    int h = shapeHash(p) & mask;
    while (t[h] != null) {
      if (sameShape(t[h], p)) {
        kept[p.id] = t[h];
        return;
      }
      h = (h + 1) & mask;
    }
    t[h] = p;
    kept[p.id] = p;
  }
}
