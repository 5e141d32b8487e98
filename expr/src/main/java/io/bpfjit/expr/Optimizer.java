package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * libpcap 1.10.3's optimiser ({@code bpf_optimize}): {@link #loop} passes of analyses ({@link
 * FlowGraph}), value numbering ({@link ValueNumbering}) and jump threading ({@link JumpThreading})
 * until nothing changes — first branches only, then statements too — then identical blocks are
 * merged ({@link #intern}) and the root is moved past decided branches.
 */
final class Optimizer {
  boolean done;
  boolean nonBranchMovement;

  private final Icode ic;
  private final FlowGraph g;
  private final ValueNumbering vn;
  private final JumpThreading jumps;

  private Optimizer(Icode ic) {
    this.ic = ic;
    this.g = new FlowGraph(ic);
    this.vn = new ValueNumbering(this);
    this.jumps = new JumpThreading(this, g);
  }

  /** Optimises the graph of {@code ic} in place; its root may change. */
  static void optimize(Icode ic) {
    Optimizer o = new Optimizer(ic);
    o.loop(false);
    o.loop(true);
    o.intern();
    o.root();
  }

  /** opt_loop: passes until one changes nothing (or 100 that only move branches). */
  private void loop(boolean doStmts) {
    int loopCount = 0;
    while (true) {
      done = true;
      nonBranchMovement = false;
      g.findLevels();
      g.findDominators();
      g.findUseDef();
      g.findEdgeDominators();
      blocks(doStmts);
      if (done) {
        break;
      }
      if (nonBranchMovement) {
        loopCount = 0;
      } else if (++loopCount >= 100) {
        done = true;
        break;
      }
    }
  }

  /** opt_blks: one pass over the blocks, by levels from the root. */
  private void blocks(boolean doStmts) {
    vn.reset();
    int maxlevel = ic.root.level;
    g.findInEdges();
    for (int i = maxlevel; i >= 0; --i) {
      for (Block p = g.levels[i]; p != null; p = p.link) {
        vn.block(p, doStmts);
      }
    }
    if (doStmts) {
      return;
    }
    for (int i = 1; i <= maxlevel; ++i) {
      for (Block p = g.levels[i]; p != null; p = p.link) {
        jumps.thread(p.et);
        jumps.thread(p.ef);
      }
    }
    g.findInEdges();
    for (int i = 1; i <= maxlevel; ++i) {
      for (Block p = g.levels[i]; p != null; p = p.link) {
        jumps.pullUp(p, true);
        jumps.pullUp(p, false);
      }
    }
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
  private void intern() {
    Block[] blocks = g.blocks;
    int n = g.nBlocks;
    boolean done1;
    do {
      done1 = true;
      for (int i = 0; i < n; ++i) {
        blocks[i].link = null;
      }
      markReachable();
      java.util.Map<Shape, Block> first = new java.util.HashMap<>();
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

  /** opt_root: skip root branches whose two targets are the same, keeping their statements. */
  private void root() {
    Block b = ic.root;
    List<Stmt> s = b.stmts;
    b.stmts = new ArrayList<>();
    while ((b.code & 0x07) == Bpf.JMP && b.jt == b.jf) {
      b = b.jt;
    }
    List<Stmt> tmp = b.stmts;
    List<Stmt> merged = new ArrayList<>(s);
    merged.addAll(tmp);
    b.stmts = merged;
    if ((b.code & 0x07) == Bpf.RET) {
      b.stmts = new ArrayList<>();
    }
    ic.root = b;
  }
}
