package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * libpcap's {@code intern_blocks}, the optimiser's last pass but one: reachable blocks equal in
 * branch, targets and statements are merged, repeatedly, until none are left.
 */
final class BlockInterning {
  private final Icode ic;
  private final FlowGraph g;

  BlockInterning(Icode ic, FlowGraph g) {
    this.ic = ic;
    this.g = g;
  }

  /**
   * What eq_blk compares: branch, k, both targets (by identity) and the statements that are not
   * NOPs.
   */
  private static final class Shape {
    private final int code;
    private final int k;
    private final Block jt;
    private final Block jf;
    private final int[] stmts;
    private final int hash;

    Shape(Block b) {
      code = b.code;
      k = b.k;
      jt = b.jt;
      jf = b.jf;
      int n = 0;
      for (Stmt s : b.stmts) {
        if (s.code != Stmt.NOP) {
          n++;
        }
      }
      stmts = new int[2 * n];
      int i = 0;
      for (Stmt s : b.stmts) {
        if (s.code != Stmt.NOP) {
          stmts[i++] = s.code;
          stmts[i++] = s.k;
        }
      }
      hash =
          ((31 * code + k) * 31 + System.identityHashCode(jt)) * 31
              + System.identityHashCode(jf) * 7
              + java.util.Arrays.hashCode(stmts);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shape x
          && x.code == code
          && x.k == k
          && x.jt == jt
          && x.jf == jf
          && java.util.Arrays.equals(x.stmts, stmts);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private void markReachable() {
    ic.unMarkAll();
    List<Block> stack = new ArrayList<>();
    stack.add(ic.root);
    while (!stack.isEmpty()) {
      Block p = stack.remove(stack.size() - 1);
      if (ic.isMarked(p)) {
        continue;
      }
      ic.mark(p);
      if ((p.code & 0x07) != Bpf.RET) {
        stack.add(p.jt);
        stack.add(p.jf);
      }
    }
  }

  /**
   * intern_blocks: blocks equal in branch, targets and statements become one. libpcap links each
   * reachable block to the first equal one after it in numbering order, comparing every pair; the
   * blocks are visited here in the same descending order, each looked up by its {@link Shape} among
   * those already visited (the smallest such number is the one kept), which finds the same block
   * without the quadratic search.
   */
  void run() {
    Block[] blocks = g.blocks;
    int n = g.nBlocks;
    boolean done1;
    do {
      done1 = true;
      for (int i = 0; i < n; ++i) {
        blocks[i].link = null;
      }
      markReachable();
      Map<Shape, Block> first = new HashMap<>();
      for (int i = n - 1; i >= 0; --i) {
        Block b = blocks[i];
        if (!ic.isMarked(b)) {
          continue;
        }
        Shape shape = new Shape(b);
        Block same = first.put(shape, b);
        if (same != null && i < n - 1) {
          b.link = same.link != null ? same.link : same;
        }
      }
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
