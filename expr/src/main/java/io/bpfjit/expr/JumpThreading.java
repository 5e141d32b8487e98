package io.bpfjit.expr;

/**
 * The jump optimisations (libpcap's {@code opt_j}, {@code or_pullup}, {@code and_pullup}): an edge
 * whose target's branch is already decided by a dominating edge that tested the same value is
 * pointed past it; in chains of tests of one value, a test that repeats an earlier comparison is
 * pulled up.
 */
final class JumpThreading {
  private final Optimizer opt;
  private final FlowGraph g;

  JumpThreading(Optimizer opt, FlowGraph g) {
    this.opt = opt;
    this.g = g;
  }

  /** use_conflict: whether {@code succ} needs an atom whose value differs in {@code b}. */
  private boolean useConflict(Block b, Block succ) {
    int use = succ.outUse;
    while (use != 0) {
      int atom = Integer.numberOfTrailingZeros(use);
      if (g.val(b, atom) != g.val(succ, atom)) {
        return true;
      }
      use &= use - 1;
    }
    return false;
  }

  /** fold_edge: where {@code child}'s branch goes, given that edge {@code e} was taken. */
  private Block foldEdge(Block child, int e) {
    int code = g.edgeCode[e];
    boolean sense;
    if (code < 0) {
      code = -code;
      sense = false;
    } else {
      sense = true;
    }
    if (child.code != code) {
      return null;
    }
    Block pred = g.pred(e);
    int aval0 = g.val(child, Atoms.A);
    int oval0 = child.oval;
    int aval1 = g.val(pred, Atoms.A);
    int oval1 = pred.oval;
    if (aval0 != aval1) {
      return null;
    }
    if (oval0 == oval1) {
      return sense ? child.jt : child.jf;
    }
    if (sense && code == (Bpf.JMP | Bpf.JEQ | Bpf.K)) {
      return child.jf;
    }
    return null;
  }

  /** opt_j: edge {@code e} pointed past branches its dominating edges already decided. */
  void thread(int e) {
    Block pred = g.pred(e);
    Block succ = g.succ(e);
    if (succ.jt == null) {
      return;
    }
    if (succ.jt == succ.jf) {
      if (!useConflict(pred, succ.jt)) {
        opt.nonBranchMovement = true;
        opt.done = false;
        g.setSucc(e, succ.jt);
      }
    }
    int[] edgeCode = g.edgeCode;
    int[] edgeA = g.edgeA;
    int words = g.edgewords;
    // the edges dominating e: those dominating its block, and e itself
    long[] edom = g.edomSets;
    int off = pred.id * words;
    int selfWord = e >>> 6;
    long selfBit = 1L << e;
    top:
    while (true) {
      // only edges taken by a branch of the same opcode, leaving A as the successor does, can
      // decide the successor's branch (foldEdge)
      Block child = g.succ(e);
      int code = child.code;
      int a = g.val(child, Atoms.A);
      // the set's bits in ascending order, one loop over bits rather than a loop over words
      // around one over bits: a counted loop of one or two words costs more than its work (see
      // FlowGraph.intersect)
      int i = -1;
      long x = 0;
      while (true) {
        if (x == 0) {
          if (++i == words) {
            return;
          }
          x = i == selfWord ? edom[off + i] | selfBit : edom[off + i];
          continue;
        }
        int k = Long.numberOfTrailingZeros(x) + i * 64;
        x &= x - 1;
        int c = edgeCode[k];
        if ((c != code && c != -code) || edgeA[k] != a) {
          continue;
        }
        Block target = foldEdge(child, k);
        if (target != null && !useConflict(pred, target)) {
          opt.done = false;
          g.setSucc(e, target);
          if (target.jt != null) {
            continue top;
          }
          return;
        }
      }
    }
  }

  private static Block branch(Block owner, boolean isTrue) {
    return isTrue ? owner.jt : owner.jf;
  }

  private static void setBranch(Block owner, boolean isTrue, Block b) {
    if (isTrue) {
      owner.jt = b;
    } else {
      owner.jf = b;
    }
  }

  /**
   * or_pullup then and_pullup: both start only when every edge into {@code b} leaves A with the
   * same value, which neither changes (the in-edge lists and values are the pass's), so that is
   * checked once.
   */
  void pullUps(Block b) {
    int e = b.inEdge;
    if (e < 0) {
      return;
    }
    int[] next = g.edgeNext;
    int[] edgeA = g.edgeA;
    int val = edgeA[e];
    for (e = next[e]; e >= 0; e = next[e]) {
      if (val != edgeA[e]) {
        return;
      }
    }
    pullUp(b, val, true);
    pullUp(b, val, false);
  }

  /**
   * or_pullup ({@code or}) or and_pullup, for a block whose in-edges all leave A with value {@code
   * val}. libpcap walks pointers to branch fields ({@code diffp}, {@code samep}); here a pointer is
   * a block and which of its branches.
   */
  private void pullUp(Block b, int val, boolean or) {
    int[] next = g.edgeNext;
    int e;
    Block first = g.pred(b.inEdge);
    Block diffOwner = first;
    boolean diffTrue = first.jt == b;
    boolean atTop = true;
    // or: chains of false branches sharing b's true target; and: the mirror image.
    while (true) {
      Block d = branch(diffOwner, diffTrue);
      if (d == null) {
        return;
      }
      if ((or ? d.jt != b.jt : d.jf != b.jf)) {
        return;
      }
      if (!g.dominates(b.id, d)) {
        return;
      }
      if (g.val(d, Atoms.A) != val) {
        break;
      }
      diffOwner = d;
      diffTrue = !or;
      atTop = false;
    }
    Block sameOwner = branch(diffOwner, diffTrue);
    boolean sameTrue = !or;
    while (true) {
      Block s = branch(sameOwner, sameTrue);
      if (s == null) {
        return;
      }
      if ((or ? s.jt != b.jt : s.jf != b.jf)) {
        return;
      }
      if (!g.dominates(b.id, s)) {
        return;
      }
      if (g.val(s, Atoms.A) == val) {
        break;
      }
      sameOwner = s;
      sameTrue = !or;
    }
    Block pull = branch(sameOwner, sameTrue);
    if (or) {
      setBranch(sameOwner, sameTrue, pull.jf);
      pull.jf = branch(diffOwner, diffTrue);
    } else {
      setBranch(sameOwner, sameTrue, pull.jt);
      pull.jt = branch(diffOwner, diffTrue);
    }
    if (atTop) {
      for (e = b.inEdge; e >= 0; e = next[e]) {
        Block pred = g.pred(e);
        if (pred.jt == b) {
          pred.jt = pull;
        } else {
          pred.jf = pull;
        }
      }
    } else {
      setBranch(diffOwner, diffTrue, pull);
    }
    opt.done = false;
  }
}
