package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimiser's passes on small hand-built graphs: what each one does, alone. */
class OptimizerPassesTest {
  private static Block test(int jmp, int k, Block jt, Block jf, Stmt... stmts) {
    Block b = CodeGen.block(Bpf.jmp(jmp), k, new ArrayList<>(List.of(stmts)));
    b.jt = jt;
    b.jf = jf;
    return b;
  }

  private static Stmt ld(int mode, int size, int k) {
    return new Stmt(Bpf.LD | mode | size, k);
  }

  private static List<RawInstruction> optimised(Block root) {
    Icode ic = new Icode(root);
    Optimizer.optimize(ic);
    return List.of(Layout.toProgram(ic));
  }

  @Test
  void analysesComputeLevelsDominatorsAndUseDef() {
    Block accept = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    Block second = test(Bpf.JEQ, 6, accept, reject, ld(Bpf.ABS, Bpf.B, 23));
    Block root = test(Bpf.JEQ, 0x800, second, reject, ld(Bpf.ABS, Bpf.H, 12));
    FlowGraph g = new FlowGraph(new Icode(root));
    assertEquals(4, g.nBlocks);
    assertEquals(0, root.id); // pre-order, true branch first
    assertEquals(1, second.id);
    g.findLevels();
    assertEquals(2, root.level);
    assertEquals(1, second.level);
    assertEquals(0, accept.level);
    g.findDominators();
    assertTrue(g.dominates(root.id, second));
    assertTrue(g.dominates(second.id, accept));
    assertFalse(g.dominates(second.id, reject)); // reached from the root directly too
    assertEquals(0, root.inUse); // loads A before using it
    assertEquals(Atoms.mask(Atoms.A), root.def);
  }

  @Test
  void valueNumberingFoldsConstantsAndDecidesTheBranch() {
    Block accept = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    // A = 6; M[1] = A; X = M[1]; A = 7; A += X; jeq #13
    Block root =
        test(
            Bpf.JEQ,
            13,
            accept,
            reject,
            ld(Bpf.IMM, 0, 6),
            new Stmt(Bpf.ST, 1),
            new Stmt(Bpf.LDX | Bpf.MEM, 1),
            ld(Bpf.IMM, 0, 7),
            new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X));
    List<RawInstruction> p = optimised(root);
    // the whole test is decided: only "accept" is left
    assertEquals(List.of(new RawInstruction(Bpf.RET | Bpf.K, 0, 0, 1)), p);
  }

  @Test
  void aRepeatedLoadIsDeletedAndASubtractionFoldsIntoTheCompare() {
    Block accept = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    // A = [12]; A = [12]; A -= 5; jeq #0  ->  ldh [12]; jeq #5
    Block root =
        test(
            Bpf.JEQ,
            0,
            accept,
            reject,
            ld(Bpf.ABS, Bpf.H, 12),
            ld(Bpf.ABS, Bpf.H, 12),
            new Stmt(Bpf.ALU | Bpf.SUB | Bpf.K, 5));
    List<RawInstruction> p = optimised(root);
    assertEquals(
        List.of(
            new RawInstruction(0x28, 0, 0, 12),
            new RawInstruction(0x15, 0, 1, 5),
            new RawInstruction(0x06, 0, 0, 1),
            new RawInstruction(0x06, 0, 0, 0)),
        p);
  }

  @Test
  void anAndWithAZeroTestBecomesAJset() {
    Block accept = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    // A = [13]; A &= 2; jeq #0 (true: bit clear) -> jset #2 with the branches swapped
    Block root =
        test(
            Bpf.JEQ,
            0,
            reject,
            accept,
            ld(Bpf.ABS, Bpf.B, 13),
            new Stmt(Bpf.ALU | Bpf.AND | Bpf.K, 2));
    List<RawInstruction> p = optimised(root);
    assertEquals(new RawInstruction(Bpf.JMP | Bpf.JSET | Bpf.K, 0, 1, 2), p.get(1));
    assertEquals(1, p.get(2).k());
  }

  /**
   * root: ldh [12]; jeq #0x800 -> second: ldh [12] (A holds it already); {@code jmp} #{@code k} ->
   * ret #1 / ret #0; root's false branch: ret #0.
   */
  private static Block reloadAndTest(int jmp, int k) {
    Block reject = CodeGen.retBlock(0);
    Block second = test(jmp, k, CodeGen.retBlock(1), reject, ld(Bpf.ABS, Bpf.H, 12));
    return test(Bpf.JEQ, 0x800, second, reject, ld(Bpf.ABS, Bpf.H, 12));
  }

  @Test
  void jumpThreadingSkipsATestItsDominatingEdgeDecided() {
    List<RawInstruction> p = optimised(reloadAndTest(Bpf.JEQ, 0x800));
    assertEquals(4, p.size(), p.toString()); // the second test is gone
    assertEquals(0x15, p.get(1).code());
  }

  @Test
  void aRedundantLoadTheBranchPassesLeaveIsRemovedByTheStatementPass() {
    List<RawInstruction> p = optimised(reloadAndTest(Bpf.JGT, 0x900));
    // no branch is decided or threaded, so only the statement pass deletes the second load
    assertEquals(1, p.stream().filter(i -> i.code() == (Bpf.LD | Bpf.ABS | Bpf.H)).count(), "" + p);
    assertEquals(5, p.size(), p.toString());
  }

  @Test
  void aStoreLeftDeadByADeletedRedundantLoadGoesInTheNextPass() {
    // root: ldh [12]; tax; jeq #0x800 -> second: txa (A holds X already); jgt #0x900 -> third:
    // add #1; jeq #0x902 -> ret #1 / ret #0; root's false branch: ldb [0]; ret #0, a return with
    // a statement, which the statement pass empties: a change, so libpcap's loop goes on
    Block third =
        test(
            Bpf.JEQ,
            0x902,
            CodeGen.retBlock(1),
            CodeGen.retBlock(0),
            new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 1));
    Block second = test(Bpf.JGT, 0x900, third, CodeGen.retBlock(0), new Stmt(Bpf.MISC | Bpf.TXA));
    Block root =
        test(
            Bpf.JEQ,
            0x800,
            second,
            CodeGen.block(Bpf.RET | Bpf.K, 0, new ArrayList<>(List.of(ld(Bpf.ABS, Bpf.B, 0)))),
            ld(Bpf.ABS, Bpf.H, 12),
            new Stmt(Bpf.MISC | Bpf.TAX));
    List<RawInstruction> p = optimised(root);
    // the statement pass deletes the txa; only then is X no longer read after the root, and the
    // next pass deletes the tax as a dead store
    assertEquals(0, p.stream().filter(i -> (i.code() & 0x07) == Bpf.MISC).count(), p.toString());
    assertEquals(7, p.size(), p.toString());
  }

  /** root: ldb [0]; jeq #1 -> accept: ldb [1]; ret #1 / reject: ret #0. */
  private static Block loadBeforeAReturn() {
    Block accept =
        CodeGen.block(Bpf.RET | Bpf.K, 1, new ArrayList<>(List.of(ld(Bpf.ABS, Bpf.B, 1))));
    return test(Bpf.JEQ, 1, accept, CodeGen.retBlock(0), ld(Bpf.ABS, Bpf.B, 0));
  }

  @Test
  void aLoadBeforeAReturnIsADeadStore() {
    assertEquals(5, Layout.toProgram(new Icode(loadBeforeAReturn())).length);
    List<RawInstruction> p = optimised(loadBeforeAReturn());
    // "ret #1" reads nothing and nothing comes after it: the load is a dead store
    assertEquals(4, p.size(), p.toString());
    assertEquals(new RawInstruction(Bpf.RET | Bpf.K, 0, 0, 1), p.get(2));
  }

  @Test
  void internMergesIdenticalBlocks() {
    Block accept1 = CodeGen.retBlock(1);
    Block accept2 = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    Block udp = test(Bpf.JEQ, 17, accept2, reject, ld(Bpf.ABS, Bpf.B, 23));
    Block root = test(Bpf.JEQ, 6, accept1, udp, ld(Bpf.ABS, Bpf.B, 23));
    assertNotSame(accept1, accept2);
    List<RawInstruction> p = optimised(root);
    // one "ret #1" left, shared by both tests
    assertEquals(1, p.stream().filter(i -> i.code() == 6 && i.k() == 1).count(), p.toString());
  }

  @Test
  void theRootMovesPastABranchWithOneTarget() {
    Block accept = CodeGen.retBlock(1);
    Block root = test(Bpf.JEQ, 1, accept, accept, ld(Bpf.ABS, Bpf.B, 0));
    Icode ic = new Icode(root);
    Optimizer.optimize(ic);
    assertSame(accept, ic.root);
    assertTrue(ic.root.stmts.isEmpty());
  }

  @Test
  void layoutAddsAJumpForABranchBeyond255() {
    Block accept = CodeGen.retBlock(1);
    Block reject = CodeGen.retBlock(0);
    Stmt[] many = new Stmt[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = ld(Bpf.ABS, Bpf.B, i);
    }
    Block far = test(Bpf.JEQ, 1, accept, reject, many);
    Block root = test(Bpf.JEQ, 0, reject, far, ld(Bpf.ABS, Bpf.B, 0));
    List<RawInstruction> p = List.of(Layout.toProgram(new Icode(root)));
    // root: ld; jeq jt -> (ja over far) ; the false branch falls into far
    assertEquals(new RawInstruction(0x15, 0, 1, 0), p.get(1));
    assertEquals(Bpf.JMP | Bpf.JA, p.get(2).code());
    assertEquals(p.size() - 1, 3 + p.get(2).k()); // lands on "ret #0", the last instruction
    assertArrayEquals(
        new int[] {6, 0}, new int[] {p.get(p.size() - 1).code(), p.get(p.size() - 1).k()});
    BpfProgram.of(p.toArray(new RawInstruction[0])); // a well-formed program
  }
}
