package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * libpcap 1.10.3's optimiser ({@code bpf_optimize}): {@link #loop} passes of analyses ({@link
 * FlowGraph}), value numbering ({@link ValueNumbering}) and jump threading ({@link JumpThreading})
 * until nothing changes — first branches only, then statements too — then identical blocks are
 * merged ({@link BlockInterning}) and the root is moved past decided branches.
 */
final class Optimizer {
  boolean done;
  boolean nonBranchMovement;

  /** Set by the rewrites that change the graph without clearing {@link #done}. */
  boolean silentChange;

  /**
   * Whether the graph is as the last computed analyses saw it: after a pass that changed nothing,
   * the next loop's first pass need not recompute them. (Only the branch loop's last pass can leave
   * them current for the statement loop, which runs after it; a statement pass computes no
   * dominators.)
   */
  private boolean analysesCurrent;

  private final Icode ic;
  private final FlowGraph g;
  private final ValueNumbering vn;
  private final JumpThreading jumps;

  private Optimizer(Icode ic) {
    this.ic = ic;
    this.g = new FlowGraph(ic);
    this.vn = new ValueNumbering(this, g);
    this.jumps = new JumpThreading(this, g);
  }

  /** Optimises the graph of {@code ic} in place; its root may change. */
  static void optimize(Icode ic) {
    Optimizer o = new Optimizer(ic);
    o.loop(false, 0);
    if (!o.analysesCurrent || o.vn.wouldAlter()) {
      o.loop(true, 0);
    } else {
      // the last branch pass changed nothing and met nothing a statement pass would alter but
      // redundant loads and stores and useless blocks: the statement loop's first pass deletes
      // just those, and the loop goes on if that can change something more
      o.beginPass();
      if (o.vn.firstStatementPass()) {
        o.analysesCurrent = true;
        o.loop(true, o.nonBranchMovement ? 0 : 1);
      }
    }
    new BlockInterning(ic, o.g).run();
    o.root();
  }

  /**
   * opt_loop: passes until one changes nothing (or 100 in a row that only move branches, {@code
   * loopCount} of them run already).
   */
  private void loop(boolean doStmts, int loopCount) {
    while (true) {
      beginPass();
      if (!analysesCurrent) {
        g.findLevels();
        if (!doStmts) {
          // only the branch passes (jump threading, pull-ups) read the dominators; libpcap
          // computes them in the statement passes too, for nothing
          g.findDominators();
        }
      }
      blocks(doStmts);
      analysesCurrent = done && !silentChange;
      if (done) {
        break;
      }
      if (nonBranchMovement) {
        loopCount = 0;
      } else if (++loopCount >= 100) {
        done = true;
        analysesCurrent = false;
        break;
      }
    }
  }

  /** Clears what a pass reports: whether it changed something, and how. */
  private void beginPass() {
    done = true;
    nonBranchMovement = false;
    silentChange = false;
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
        jumps.thread(p.id);
        jumps.thread(g.nBlocks + p.id);
      }
    }
    g.findInEdges();
    for (int i = 1; i <= maxlevel; ++i) {
      for (Block p = g.levels[i]; p != null; p = p.link) {
        jumps.pullUps(p);
      }
    }
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
