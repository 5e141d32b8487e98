package io.bpfjit.jit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstTier#mayChain}, the one pass that spares a program without chains the class that
 * looks for them, never says no where {@link CompareChains#build} finds a chain: random runs of
 * loads, masks, {@code jeq}s, forward {@code ja}s and instructions that break a chain.
 */
class ChainCheckTest {
  private static final int[] LOADS = {0x20, 0x28, 0x30}; // ld, ldh, ldb [k]
  private static final int AND_K = 0x54;
  private static final int TAX = 0x07;
  private static final int JA = 0x05;
  private static final int JEQ_K = 0x15;
  private static final int RET_K = 0x06;

  @Test
  void theCheckNeverHidesAChain() {
    SplittableRandom r = new SplittableRandom(41);
    int chains = 0;
    int spared = 0;
    for (int round = 0; round < 4000; round++) {
      VerifiedProgram v = Verifier.verify(randomProgram(r));
      int[] table = FirstTier.decode(v, null);
      boolean may = FirstTier.mayChain(table);
      boolean found = CompareChains.build(table.clone()) != null;
      assertTrue(may || !found, () -> "a chain the check missed in " + v);
      chains += found ? 1 : 0;
      spared += may ? 0 : 1;
    }
    assertTrue(chains > 400 && spared > 400, "chains " + chains + ", spared " + spared);
  }

  /** Links of [load [and]] jeq, each jeq's true edge to a return, its false edge onward. */
  private static BpfProgram randomProgram(SplittableRandom r) {
    List<int[]> insns = new ArrayList<>();
    List<Integer> compares = new ArrayList<>();
    int links = 1 + r.nextInt(9);
    for (int j = 0; j < links; j++) {
      int kind = r.nextInt(10);
      if (kind < 6 || j == 0) {
        insns.add(new int[] {LOADS[r.nextInt(LOADS.length)], 0, 0, r.nextInt(4) * 2});
        if (r.nextInt(4) == 0) {
          insns.add(new int[] {AND_K, 0, 0, 0xff00});
        }
      } else if (kind == 6) {
        insns.add(new int[] {TAX, 0, 0, 0}); // not a link: the chain ends here
      } else if (kind == 7) {
        insns.add(new int[] {JA, 0, 0, 0});
      }
      compares.add(insns.size());
      insns.add(new int[] {JEQ_K, 0, 0, r.nextInt(3)});
    }
    insns.add(new int[] {RET_K, 0, 0, 0});
    insns.add(new int[] {RET_K, 0, 0, 1});
    int accept = insns.size() - 1;
    for (int at : compares) {
      insns.get(at)[1] = accept - at - 1;
    }
    List<RawInstruction> program = new ArrayList<>();
    for (int[] q : insns) {
      program.add(new RawInstruction(q[0], q[1], q[2], q[3]));
    }
    return BpfProgram.of(program);
  }
}
