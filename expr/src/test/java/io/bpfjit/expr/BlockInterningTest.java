package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.RawInstruction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockInterning} merges in one walk what libpcap's {@code intern_blocks} merges in rounds:
 * on random graphs full of equal blocks (and of blocks that become equal only once their targets
 * are merged), the program laid out after it is the one laid out after libpcap's rounds, written
 * out here as 1.10.3 runs them.
 */
class BlockInterningTest {
  /**
   * A random acyclic graph of {@code n} branch blocks from a small alphabet (two constants, two
   * loads, NOPs), then copies of some of its subgraphs: copies are equal to their originals only
   * once their own copied targets are merged, which takes libpcap a round a level.
   */
  private static Icode randomGraph(long seed, int n, int span) {
    return new Icode(randomBlocks(seed, n, span, 4)[0]);
  }

  /**
   * The blocks of {@link #randomGraph}, root first, each block's successors after it: block i jumps
   * to one of the next {@code span} blocks or (one time in {@code toReturn}) to one of three
   * returns, two of them equal; one edge in three goes to a fresh copy of its target instead.
   */
  private static Block[] randomBlocks(long seed, int n, int span, int toReturn) {
    Random r = new Random(seed);
    Block[] blocks = new Block[n + 3];
    blocks[n] = new Block(Bpf.RET | Bpf.K, 262144);
    blocks[n + 1] = new Block(Bpf.RET | Bpf.K, 0);
    blocks[n + 2] = new Block(Bpf.RET | Bpf.K, 262144);
    for (int i = n - 1; i >= 0; i--) {
      List<Stmt> stmts = new ArrayList<>();
      for (int s = r.nextInt(3); s > 0; s--) {
        stmts.add(new Stmt(Bpf.LD | Bpf.ABS | Bpf.B, r.nextInt(2)));
      }
      Block b = new Block(Bpf.JMP | Bpf.JEQ | Bpf.K, r.nextInt(2), withNops(r, stmts));
      b.jt = target(r, blocks[successor(r, i, n, span, toReturn)]);
      b.jf = target(r, blocks[successor(r, i, n, span, toReturn)]);
      blocks[i] = b;
    }
    return blocks;
  }

  private static int successor(Random r, int i, int n, int span, int toReturn) {
    if (r.nextInt(toReturn) == 0 || i == n - 1) {
      return n + r.nextInt(3);
    }
    return i + 1 + r.nextInt(Math.min(span, n - 1 - i));
  }

  /** {@code b}, or one time in three a copy of it (its targets shared or copied in turn). */
  private static Block target(Random r, Block b) {
    return r.nextInt(3) == 0 ? copy(r, b, 6) : b;
  }

  private static Block copy(Random r, Block b, int depth) {
    List<Stmt> stmts = new ArrayList<>();
    for (Stmt s : b.stmts) {
      if (s.code != Stmt.NOP) {
        stmts.add(new Stmt(s.code, s.k));
      }
    }
    Block c = new Block(b.code, b.k, withNops(r, stmts));
    if (b.jt != null) {
      c.jt = depth > 0 && r.nextBoolean() ? copy(r, b.jt, depth - 1) : b.jt;
      c.jf = depth > 0 && r.nextBoolean() ? copy(r, b.jf, depth - 1) : b.jf;
    }
    return c;
  }

  /** {@code stmts} with NOPs (deleted statements, which equality ignores) put in at random. */
  private static List<Stmt> withNops(Random r, List<Stmt> stmts) {
    for (int i = r.nextInt(3); i > 0; i--) {
      Stmt nop = new Stmt(Bpf.LD | Bpf.IMM, r.nextInt(1000));
      nop.code = Stmt.NOP;
      stmts.add(r.nextInt(stmts.size() + 1), nop);
    }
    return stmts;
  }

  /** libpcap 1.10.3's intern_blocks, quadratic rounds and all; returns how many rounds it ran. */
  private static int libpcapRounds(Icode ic, FlowGraph g) {
    Block[] blocks = g.blocks;
    int n = g.nBlocks;
    Block[] link = new Block[n];
    int rounds = 0;
    boolean done;
    do {
      rounds++;
      done = true;
      java.util.Arrays.fill(link, null);
      Set<Block> marked = reachable(ic);
      for (int i = n - 1; i != 0; ) {
        --i;
        if (!marked.contains(blocks[i])) {
          continue;
        }
        for (int j = i + 1; j < n; ++j) {
          if (marked.contains(blocks[j]) && equal(blocks[i], blocks[j])) {
            link[i] = link[j] != null ? link[j] : blocks[j];
            break;
          }
        }
      }
      for (Block p : blocks) {
        if (p.jt == null) {
          continue;
        }
        if (link[p.jt.id] != null) {
          done = false;
          p.jt = link[p.jt.id];
        }
        if (link[p.jf.id] != null) {
          done = false;
          p.jf = link[p.jf.id];
        }
      }
    } while (!done);
    return rounds;
  }

  private static Set<Block> reachable(Icode ic) {
    Set<Block> out = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Block> work = new ArrayList<>(List.of(ic.root));
    while (!work.isEmpty()) {
      Block b = work.remove(work.size() - 1);
      if (!out.add(b)) {
        continue;
      }
      if (b.jt != null) {
        work.add(b.jt);
        work.add(b.jf);
      }
    }
    return out;
  }

  /** eq_blk: branch, k, targets by identity, and the statements other than NOPs. */
  private static boolean equal(Block a, Block b) {
    if (a.code != b.code || a.k != b.k || a.jt != b.jt || a.jf != b.jf) {
      return false;
    }
    return live(a).equals(live(b));
  }

  private static List<String> live(Block b) {
    List<String> out = new ArrayList<>();
    for (Stmt s : b.stmts) {
      if (s.code != Stmt.NOP) {
        out.add(s.code + ":" + s.k);
      }
    }
    return out;
  }

  private static List<RawInstruction> interned(Icode ic) {
    new BlockInterning(ic, new FlowGraph(ic)).run();
    return List.of(Layout.toProgram(ic));
  }

  @Test
  void oneWalkMergesWhatLibpcapsRoundsMerge() {
    int cascades = 0;
    int merged = 0;
    for (long seed = 0; seed < 400; seed++) {
      int n = 1 + (int) (seed % 40);
      int span = 1 + (int) (seed % 5);
      Icode ic = randomGraph(seed, n, span);
      FlowGraph g = new FlowGraph(ic);
      int before = reachable(ic).size();
      int rounds = libpcapRounds(ic, g);
      List<RawInstruction> expected = List.of(Layout.toProgram(ic));
      assertSameProgram(expected, interned(randomGraph(seed, n, span)), "seed " + seed);
      cascades += rounds >= 3 ? 1 : 0;
      merged += before - reachable(ic).size();
    }
    // the graphs exercise what the rounds are for: merges that enable further merges
    assertTrue(cascades > 50, "graphs needing three rounds or more: " + cascades);
    assertTrue(merged > 1000, "blocks merged: " + merged);
  }

  @Test
  void graphsDeeperThanTheRecursionLimitAreMergedWithAStack() {
    for (long seed = 0; seed < 6; seed++) {
      int n = Recursion.MAX_DEPTH * 3;
      Icode ic = new Icode(randomBlocks(seed, n, 2, 500)[0]);
      int depth = longestPath(ic.root);
      assertTrue(depth > Recursion.MAX_DEPTH, "longest path " + depth);
      int rounds = libpcapRounds(ic, new FlowGraph(ic));
      assertTrue(rounds >= 2, "rounds " + rounds);
      List<RawInstruction> expected = List.of(Layout.toProgram(ic));
      assertSameProgram(
          expected, interned(new Icode(randomBlocks(seed, n, 2, 500)[0])), "seed " + seed);
    }
  }

  /** Equal programs, or a message naming the first instruction that differs. */
  private static void assertSameProgram(
      List<RawInstruction> expected, List<RawInstruction> actual, String what) {
    for (int pc = 0; pc < Math.min(expected.size(), actual.size()); pc++) {
      assertEquals(expected.get(pc), actual.get(pc), what + ": pc " + pc);
    }
    assertEquals(expected.size(), actual.size(), what + ": length");
  }

  /** How many blocks the longest path from the root has (a post-order walk with a stack). */
  private static int longestPath(Block root) {
    IdentityHashMap<Block, Integer> longest = new IdentityHashMap<>();
    List<Block> stack = new ArrayList<>(List.of(root));
    while (!stack.isEmpty()) {
      Block b = stack.get(stack.size() - 1);
      if (longest.containsKey(b)) {
        stack.remove(stack.size() - 1);
      } else if (b.jt == null) {
        longest.put(b, 1);
      } else if (!longest.containsKey(b.jt)) {
        stack.add(b.jt);
      } else if (!longest.containsKey(b.jf)) {
        stack.add(b.jf);
      } else {
        longest.put(b, 1 + Math.max(longest.get(b.jt), longest.get(b.jf)));
      }
    }
    return longest.get(root);
  }
}
