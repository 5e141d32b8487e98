package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The graph walks recurse on graphs up to {@link Recursion#MAX_DEPTH} deep and use an explicit
 * stack beyond: both ways visit the blocks in the same order, on random graphs of every depth.
 */
class GraphWalksTest {
  /**
   * A random acyclic graph of {@code n} branch blocks: block i jumps to later blocks or to one of
   * two returns, mostly to near ones when {@code deep} (long paths), anywhere otherwise (many
   * joins).
   */
  private static Icode randomGraph(Random r, int n, boolean deep) {
    Block[] blocks = new Block[n + 2];
    blocks[n] = new Block(Bpf.RET | Bpf.K, 262144);
    blocks[n + 1] = new Block(Bpf.RET | Bpf.K, 0);
    for (int i = n - 1; i >= 0; i--) {
      List<Stmt> stmts = new ArrayList<>();
      for (int s = r.nextInt(3); s > 0; s--) {
        Stmt st = new Stmt(Bpf.LD | Bpf.IMM, r.nextInt(100));
        if (r.nextInt(4) == 0) {
          st.code = Stmt.NOP;
        }
        stmts.add(st);
      }
      Block b = new Block(Bpf.JMP | Bpf.JEQ | Bpf.K, r.nextInt(4), stmts);
      b.jt = blocks[successor(r, i, n, deep)];
      b.jf = blocks[successor(r, i, n, deep)];
      blocks[i] = b;
    }
    return new Icode(blocks[0]);
  }

  private static int successor(Random r, int i, int n, boolean deep) {
    if (r.nextInt(10) == 0 || i == n - 1) {
      return n + r.nextInt(2);
    }
    int span = deep ? Math.min(3, n - 1 - i) : n - 1 - i;
    return i + 1 + r.nextInt(span);
  }

  private static final int[] SIZES = {1, 2, 5, 30, 200, Recursion.MAX_DEPTH + 50, 3000};

  @Test
  void numberingIsTheSameEitherWay() {
    Random r = new Random(1);
    for (int size : SIZES) {
      for (int trial = 0; trial < 40; trial++) {
        Icode ic = randomGraph(r, size, trial % 2 == 0);
        Block[] stacked = FlowGraph.Numbering.withStack(ic);
        Block[] recursive = FlowGraph.Numbering.recursively(ic);
        if (recursive != null) {
          assertArrayEquals(stacked, recursive, "size " + size + " trial " + trial);
        }
      }
    }
  }

  @Test
  void aChainDeeperThanTheLimitFallsBack() {
    int n = 3 * Recursion.MAX_DEPTH;
    Block ret = new Block(Bpf.RET | Bpf.K, 0);
    Block next = new Block(Bpf.RET | Bpf.K, 262144);
    for (int i = 0; i < n; i++) {
      Block b = new Block(Bpf.JMP | Bpf.JEQ | Bpf.K, i);
      b.jt = next;
      b.jf = ret;
      next = b;
    }
    Icode ic = new Icode(next);
    assertTrue(FlowGraph.Numbering.recursively(ic) == null);
    FlowGraph g = new FlowGraph(ic);
    assertEquals(n + 2, g.nBlocks);
    assertEquals(0, g.blocks[0].id);
    g.findLevels();
    assertEquals(n, ic.root.level);
    Block[] order = Layout.postOrder(ic);
    assertEquals(n + 2, order.length);
    assertSame(ic.root, order[n + 1]);
    io.bpfjit.RawInstruction first = Layout.toProgram(ic)[0];
    assertEquals(Bpf.JMP | Bpf.JEQ | Bpf.K, first.code());
    assertEquals(n - 1, first.k());
  }

  @Test
  void levelsAreTheSameEitherWay() {
    Random r = new Random(3);
    for (int size : SIZES) {
      for (int trial = 0; trial < 40; trial++) {
        Icode ic = randomGraph(r, size, trial % 2 == 0);
        FlowGraph g = new FlowGraph(ic);
        g.findLevels();
        List<String> walked = levels(g);
        g.findLevelsWithStack();
        assertEquals(levels(g), walked, "size " + size + " trial " + trial);
      }
    }
  }

  /** Each level's list of block ids (with their use/def sets), in link order. */
  private static List<String> levels(FlowGraph g) {
    List<String> out = new ArrayList<>();
    for (int level = 0; level < g.levels.length; level++) {
      StringBuilder sb = new StringBuilder();
      for (Block b = g.levels[level]; b != null; b = b.link) {
        assertEquals(level, b.level);
        sb.append(b.id).append(':').append(b.inUse).append('/').append(b.outUse).append(' ');
      }
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void layoutOrderIsTheSameEitherWay() {
    Random r = new Random(4);
    for (int size : SIZES) {
      for (int trial = 0; trial < 40; trial++) {
        Icode ic = randomGraph(r, size, trial % 2 == 0);
        Block[] walked = Layout.postOrder(ic);
        int[] lengths = new int[walked.length];
        for (int i = 0; i < walked.length; i++) {
          lengths[i] = walked[i].slen;
          walked[i].slen = -1;
        }
        Block[] stacked = Layout.postOrderWithStack(ic);
        assertArrayEquals(stacked, walked, "size " + size + " trial " + trial);
        for (int i = 0; i < stacked.length; i++) {
          assertEquals(stacked[i].slen, lengths[i]);
        }
      }
    }
  }
}
