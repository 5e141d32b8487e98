package io.bpfjit.expr;

import java.util.Arrays;

/**
 * The optimiser's view of the block graph (libpcap's {@code opt_state_t} without the value table):
 * blocks numbered once, in pre-order from the root (true branch first), two edges per block, and
 * the analyses every pass recomputes — levels (distance to a return), dominators, edge dominators,
 * in-edges and the use/def sets of the atoms.
 */
final class FlowGraph {
  final Icode ic;
  final Block[] blocks;
  final int nBlocks;

  /**
   * Per edge, the branch that takes it (libpcap's {@code edge.code}): the block's opcode, negated
   * for the false edge. Edge {@code e} is the true exit of block {@code e} when {@code e <
   * nBlocks}, else the false exit of block {@code e - nBlocks}; its successor is that block's
   * {@code jt}/{@code jf} itself, so changing one changes the other, as in libpcap.
   */
  final int[] edgeCode;

  /** Per edge, the next edge into the same block (the in-edge list), or -1. */
  final int[] edgeNext;

  /**
   * Per edge, the value number A holds where it leaves its block: {@code val(pred(e), A)} kept by
   * edge, for the jump optimisations' scans over many edges.
   */
  final int[] edgeA;

  final int nodewords;
  final int edgewords;
  final Block[] levels;

  /** Every block's dominator set, {@link #nodewords} 64-bit words each, at {@code Block.domOff}. */
  final long[] domSets;

  /**
   * Per block, the edges that dominate it (every path from the root to it takes them), {@link
   * #edgewords} 64-bit words each, block {@code b}'s at {@code b.id * edgewords}. libpcap keeps a
   * set per edge; an edge's is its block's plus itself ({@link JumpThreading#thread}), so a set per
   * block holds the same with half the work.
   */
  final long[] edomSets;

  /**
   * The first atom that can have a value: {@link Atoms#A} when no statement reads or writes scratch
   * memory (the optimiser never adds one), so the memory atoms keep value 0 everywhere and only A
   * and X are stored per block; else 0.
   */
  final int firstAtom;

  /**
   * Every block's value numbers at its end, {@code N_ATOMS - firstAtom} a block: atom {@code a} of
   * block {@code b} is at {@code b.valBase + a}.
   */
  final int[] vals;

  /** How many statements the graph has (and one branch a block), to size the value table. */
  final int statements;

  FlowGraph(Icode ic) {
    this.ic = ic;
    // number_blks_r: pre-order, true branch first; ids never change afterwards.
    Block[] order = Numbering.recursively(ic);
    if (order == null) {
      order = Numbering.withStack(ic);
    }
    int n = order.length;
    nBlocks = n;
    blocks = order;
    int nEdges = 2 * nBlocks;
    edgeCode = new int[nEdges];
    edgeNext = new int[nEdges];
    edgeA = new int[nEdges];
    levels = new Block[nBlocks];
    edgewords = nEdges / 64 + 1;
    nodewords = nBlocks / 64 + 1;
    domSets = new long[nBlocks * nodewords];
    edomSets = new long[nBlocks * edgewords];
    int count = 0;
    boolean memory = false;
    for (int i = 0; i < nBlocks; i++) {
      java.util.List<Stmt> stmts = blocks[i].stmts;
      count += stmts.size() + 1;
      for (int j = 0, m = stmts.size(); j < m && !memory; j++) {
        Stmt st = stmts.get(j);
        memory = touchesMemory(st.code, st.k);
      }
    }
    statements = count;
    firstAtom = memory ? 0 : Atoms.A;
    int stride = Atoms.N_ATOMS - firstAtom;
    vals = new int[nBlocks * stride];
    for (int i = 0; i < nBlocks; i++) {
      Block b = blocks[i];
      b.domOff = i * nodewords;
      b.valBase = i * stride - firstAtom;
    }
  }

  /** number_blks_r: the blocks in pre-order from the root, true branch first. */
  static final class Numbering {
    private final Icode ic;
    private Block[] order = new Block[16];
    private int count;

    private Numbering(Icode ic) {
      this.ic = ic;
      ic.unMarkAll();
    }

    /** The blocks in number order, or null when the graph is deeper than {@link Recursion}. */
    static Block[] recursively(Icode ic) {
      Numbering n = new Numbering(ic);
      return n.visit(ic.root, 0) ? n.blocks() : null;
    }

    static Block[] withStack(Icode ic) {
      Numbering n = new Numbering(ic);
      n.walkWithStack();
      return n.blocks();
    }

    private Block[] blocks() {
      return count == order.length ? order : Arrays.copyOf(order, count);
    }

    private void number(Block p) {
      ic.mark(p);
      p.id = count;
      if (count == order.length) {
        order = Arrays.copyOf(order, 2 * count);
      }
      order[count++] = p;
    }

    /** Numbers what {@code p} reaches; false when that goes deeper than {@link Recursion}. */
    private boolean visit(Block p, int depth) {
      if (ic.isMarked(p)) {
        return true;
      }
      if (depth > Recursion.MAX_DEPTH) {
        return false;
      }
      number(p);
      return (p.jt == null || visit(p.jt, depth + 1)) && (p.jf == null || visit(p.jf, depth + 1));
    }

    private void walkWithStack() {
      Block[] stack = new Block[16];
      int top = 0;
      stack[top++] = ic.root;
      while (top > 0) {
        Block p = stack[--top];
        if (ic.isMarked(p)) {
          continue;
        }
        number(p);
        if (top + 2 > stack.length) {
          stack = Arrays.copyOf(stack, 2 * stack.length);
        }
        if (p.jf != null) {
          stack[top++] = p.jf;
        }
        if (p.jt != null) {
          stack[top++] = p.jt;
        }
      }
    }
  }

  /**
   * Whether a statement reads or writes a scratch word: {@link Atoms#use} or {@link Atoms#def}
   * would name one (a load from or a store to word {@code k} of 0–15).
   */
  private static boolean touchesMemory(int code, int k) {
    if (k < 0 || k >= Atoms.MEMWORDS) {
      return false;
    }
    int cls = code & 0x07;
    return cls == Bpf.ST
        || cls == Bpf.STX
        || ((cls == Bpf.LD || cls == Bpf.LDX) && (code & 0xe0) == Bpf.MEM);
  }

  /** The value number of {@code atom} at the end of {@code b}. */
  int val(Block b, int atom) {
    return vals[b.valBase + atom];
  }

  /** Whether block {@code id} dominates {@code b}. */
  boolean dominates(int id, Block b) {
    return (domSets[b.domOff + (id >>> 6)] >>> id & 1) != 0;
  }

  private static void insert(long[] sets, int off, int i) {
    sets[off + (i >>> 6)] |= 1L << i;
  }

  /**
   * Set {@code a} &= set {@code b}, {@code words} words each. Sets of one or two words (graphs of
   * up to 127 blocks) take no loop: under G1, the default collector, HotSpot puts a safepoint check
   * in every counted loop (loop strip mining), which costs more than the work of such short ones
   * (the dominator walk of the three-port expression's first pass: 1.5 µs with a loop, 1.0
   * without).
   */
  private static void intersect(long[] sets, int a, int b, int words) {
    if (words <= 2) {
      sets[a] &= sets[b];
      if (words == 2) {
        sets[a + 1] &= sets[b + 1];
      }
      return;
    }
    for (int i = 0; i < words; i++) {
      sets[a + i] &= sets[b + i];
    }
  }

  /** Set {@code a} &= (set {@code b} plus {@code element}), {@code words} words each. */
  private static void intersectWith(long[] sets, int a, int b, int element, int words) {
    int at = a + (element >>> 6);
    long had = sets[at] & 1L << element;
    intersect(sets, a, b, words);
    sets[at] |= had;
  }

  /**
   * find_levels and find_ud in one walk: each reachable block's level, per level a list linked
   * through {@code link}, and the atoms live into and out of each block. libpcap computes the
   * use/def sets in a second pass, level by level from the returns up; the walk here sets them
   * where it sets a block's level, after both successors', which is the same order for what the
   * sets depend on.
   */
  void findLevels() {
    Arrays.fill(levels, null);
    ic.unMarkAll();
    if (!levelsFrom(ic.root, 0)) {
      findLevelsWithStack();
    }
  }

  /**
   * find_levels_r: true branch, false branch, then the block; false when the graph is deeper than
   * {@link Recursion#MAX_DEPTH}.
   */
  private boolean levelsFrom(Block b, int depth) {
    if (ic.isMarked(b)) {
      return true;
    }
    if (depth > Recursion.MAX_DEPTH) {
      return false;
    }
    ic.mark(b);
    b.link = null;
    if (b.jt != null && !levelsFrom(b.jt, depth + 1)) {
      return false;
    }
    if (b.jf != null && !levelsFrom(b.jf, depth + 1)) {
      return false;
    }
    setLevel(b);
    return true;
  }

  private void setLevel(Block b) {
    int level = b.jt != null ? Math.max(b.jt.level, b.jf.level) + 1 : 0;
    b.level = level;
    b.link = levels[level];
    levels[level] = b;
    localUseDef(b);
    if (b.jt != null) {
      b.outUse = b.jt.inUse | b.jf.inUse;
      b.inUse |= b.outUse & ~b.kill;
    } else {
      b.outUse = 0;
    }
  }

  /** {@link #findLevels} with an explicit stack, for graphs of any depth. */
  void findLevelsWithStack() {
    Arrays.fill(levels, null);
    ic.unMarkAll();
    // a path is at most every block, plus a child
    Block[] stack = new Block[nBlocks + 1];
    int[] states = new int[nBlocks + 1];
    int top = 0;
    stack[0] = ic.root;
    states[0] = 0;
    while (top >= 0) {
      Block b = stack[top];
      int state = states[top];
      Block child = null;
      if (state == 0) {
        if (ic.isMarked(b)) {
          top--;
          continue;
        }
        ic.mark(b);
        b.link = null;
        states[top] = 1;
        child = b.jt;
      } else if (state == 1) {
        states[top] = 2;
        child = b.jf;
      } else {
        top--;
        setLevel(b);
        continue;
      }
      if (child != null) {
        top++;
        stack[top] = child;
        states[top] = 0;
      }
    }
  }

  /**
   * find_dom and find_edom in one walk, by levels from the root down: a block's dominators are
   * itself and what dominates all its predecessors; the edges that dominate it are those that
   * dominate every edge into it, and an edge is dominated by its block's and itself.
   */
  void findDominators() {
    long[] dom = domSets;
    long[] edom = edomSets;
    int nw = nodewords;
    int ew = edgewords;
    Arrays.fill(dom, -1L);
    Arrays.fill(edom, -1L);
    Block root = ic.root;
    Arrays.fill(dom, root.domOff, root.domOff + nw, 0);
    Arrays.fill(edom, root.id * ew, root.id * ew + ew, 0);
    for (int level = root.level; level >= 0; --level) {
      for (Block b = levels[level]; b != null; b = b.link) {
        insert(dom, b.domOff, b.id);
        if (b.jt == null) {
          continue;
        }
        intersect(dom, b.jt.domOff, b.domOff, nw);
        intersect(dom, b.jf.domOff, b.domOff, nw);
        int from = b.id * ew;
        intersectWith(edom, b.jt.id * ew, from, b.id, ew);
        intersectWith(edom, b.jf.id * ew, from, nBlocks + b.id, ew);
      }
    }
  }

  /** {@code use} plus the atoms {@code atom} reads that {@code def} has not defined yet. */
  private static int addUse(int use, int def, int atom) {
    if (atom == Atoms.AX) {
      use = addUse(use, def, Atoms.X);
      return addUse(use, def, Atoms.A);
    }
    if (atom >= Atoms.N_ATOMS) {
      throw new IllegalStateException("atom " + atom);
    }
    return atom >= 0 && !Atoms.has(def, atom) ? use | Atoms.mask(atom) : use;
  }

  /** compute_local_ud: what a block uses before defining, defines, and kills. */
  private static void localUseDef(Block b) {
    int def = 0;
    int use = 0;
    int killed = 0;
    java.util.List<Stmt> stmts = b.stmts;
    for (int i = 0, n = stmts.size(); i < n; i++) {
      Stmt s = stmts.get(i);
      if (s.code == Stmt.NOP) {
        continue;
      }
      use = addUse(use, def, Atoms.use(s.code, s.k));
      int atom = Atoms.def(s.code, s.k);
      if (atom >= 0) {
        if (!Atoms.has(use, atom)) {
          killed |= Atoms.mask(atom);
        }
        def |= Atoms.mask(atom);
      }
    }
    if ((b.code & 0x07) == Bpf.JMP) {
      use = addUse(use, def, Atoms.use(b.code, b.k));
    }
    b.def = def;
    b.kill = killed;
    b.inUse = use;
  }

  /** Per block, its live-out atoms before {@link #findLevelsKeepingUses}; -1 for no block. */
  private int[] outUseBefore;

  /**
   * {@link #findLevels} again, after statements were deleted: whether the same blocks are reachable
   * and every one keeps the atoms that were live out of it ({@code outUse}; it may gain some, when
   * a block after it lost the load that defined one).
   */
  boolean findLevelsKeepingUses() {
    if (outUseBefore == null) {
      outUseBefore = new int[nBlocks];
    }
    int[] before = outUseBefore;
    Arrays.fill(before, -1);
    int reachable = 0;
    for (int level = ic.root.level; level >= 0; --level) {
      for (Block b = levels[level]; b != null; b = b.link) {
        before[b.id] = b.outUse;
        reachable++;
      }
    }
    findLevels();
    boolean kept = true;
    for (int level = ic.root.level; level >= 0; --level) {
      for (Block b = levels[level]; b != null; b = b.link) {
        kept &= (before[b.id] & ~b.outUse) == 0;
        reachable--;
      }
    }
    return kept && reachable == 0;
  }

  /** find_inedges: for each block, the edges into it (most recently linked first). */
  void findInEdges() {
    for (Block b : blocks) {
      b.inEdge = -1;
    }
    int[] next = edgeNext;
    for (int level = ic.root.level; level > 0; --level) {
      for (Block b = levels[level]; b != null; b = b.link) {
        int e = b.id;
        next[e] = b.jt.inEdge;
        b.jt.inEdge = e;
        e += nBlocks;
        next[e] = b.jf.inEdge;
        b.jf.inEdge = e;
      }
    }
  }

  /** The block edge {@code e} leaves. */
  Block pred(int e) {
    return blocks[e < nBlocks ? e : e - nBlocks];
  }

  /** Where edge {@code e} goes: its block's {@code jt} or {@code jf}. */
  Block succ(int e) {
    return e < nBlocks ? blocks[e].jt : blocks[e - nBlocks].jf;
  }

  /** Points edge {@code e} at {@code b}. */
  void setSucc(int e, Block b) {
    if (e < nBlocks) {
      blocks[e].jt = b;
    } else {
      blocks[e - nBlocks].jf = b;
    }
  }
}
