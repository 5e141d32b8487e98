package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random chains of {@code jeq #k} (repeated constants, shared and distinct targets, chains split
 * across methods) compiled to switches, and run by the first tier as lookups (threaded or not),
 * give the result of running every link for every value of A tried.
 */
class SwitchChainTest {
  /**
   * ld [0]; a chain of {@code links} jeq; then returns; constants from a small pool to repeat. With
   * {@code hops}, some links' false branches go through a {@code ja} over an unreachable return, as
   * the optimiser lays chains out.
   */
  private static BpfProgram chain(Random r, int links, boolean hops) {
    int returns = 4;
    boolean[] hop = new boolean[links];
    int[] at = new int[links];
    int pos = 1;
    for (int i = 0; i < links; i++) {
      hop[i] = hops && r.nextInt(3) == 0;
      at[i] = pos;
      pos += hop[i] ? 3 : 1;
    }
    int firstReturn = pos;
    List<RawInstruction> insns = new ArrayList<>();
    insns.add(new RawInstruction(0x20, 0, 0, 0)); // ld [0]
    for (int i = 0; i < links; i++) {
      int k = r.nextInt(links) * 0x01010101;
      int jt = firstReturn + r.nextInt(returns) - (at[i] + 1); // into the returns
      insns.add(new RawInstruction(0x15, jt, 0, k)); // jeq #k, ret?, next
      if (hop[i]) {
        insns.add(new RawInstruction(0x05, 0, 0, 1)); // ja over
        insns.add(new RawInstruction(0x06, 0, 0, 999)); // ret #999, never reached
      }
    }
    for (int i = 0; i < returns; i++) {
      insns.add(new RawInstruction(0x06, 0, 0, 100 + i)); // ret #100+i
    }
    insns.set(insns.size() - 1, new RawInstruction(0x06, 0, 0, 0));
    return BpfProgram.of(insns);
  }

  @Test
  void switchesGiveTheChainsResults() {
    Random r = new Random(16);
    int switched = 0;
    int looked = 0;
    for (int trial = 0; trial < 300; trial++) {
      int links = 1 + r.nextInt(40);
      VerifiedProgram v = Verifier.verify(chain(r, links, trial % 2 == 1));
      FirstTier reference = FirstTier.asWritten(v);
      FirstTier tier0 = FirstTier.unthreaded(v);
      FirstTier threaded = FirstTier.threaded(v);
      assertEquals(links >= FirstTier.MIN_LOOKUP_LINKS ? 1 : 0, tier0.lookupCount(), v::toString);
      looked += tier0.lookupCount();
      int budget = r.nextBoolean() ? JitOptions.DEFAULT_METHOD_BUDGET : 60 + r.nextInt(200);
      JitFilter jit = BpfJit.compile(v, JitTesting.GENERATED.withMethodBudget(budget));
      switched += jit.bytecodeText().contains("LOOKUPSWITCH") ? 1 : 0;
      byte[] p = new byte[4];
      for (int a = -1; a <= links; a++) {
        int value = a * 0x01010101;
        p[0] = (byte) (value >>> 24);
        p[1] = (byte) (value >>> 16);
        p[2] = (byte) (value >>> 8);
        p[3] = (byte) value;
        assertEquals(reference.apply(p), jit.apply(p), () -> "A = " + value + " in " + v);
        assertEquals(reference.apply(p), tier0.apply(p), () -> "first tier, A = " + value);
        assertEquals(reference.apply(p), threaded.apply(p), () -> "threaded, A = " + value);
      }
      assertEquals(0, jit.apply(new byte[3]), "short packet");
      assertEquals(0, tier0.apply(new byte[3]), "short packet, first tier");
    }
    assertTrue(switched > 100, "most chains became switches: " + switched);
    assertTrue(looked > 200, "most chains became lookups: " + looked);
  }
}
