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
 * across methods) compiled to switches give the first tier's result for every value of A tried.
 */
class SwitchChainTest {
  /** ld [0]; a chain of {@code links} jeq; then returns; constants from a small pool to repeat. */
  private static BpfProgram chain(Random r, int links) {
    List<RawInstruction> insns = new ArrayList<>();
    insns.add(new RawInstruction(0x20, 0, 0, 0)); // ld [0]
    int returns = 4;
    for (int i = 0; i < links; i++) {
      int k = r.nextInt(links) * 0x01010101;
      int remaining = links - 1 - i; // links after this one
      int jt = remaining + r.nextInt(returns); // into the returns
      insns.add(new RawInstruction(0x15, jt, 0, k)); // jeq #k, ret?, next
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
    for (int trial = 0; trial < 300; trial++) {
      int links = 1 + r.nextInt(40);
      VerifiedProgram v = Verifier.verify(chain(r, links));
      FirstTier reference = FirstTier.unthreaded(v);
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
      }
      assertEquals(0, jit.apply(new byte[3]), "short packet");
    }
    assertTrue(switched > 100, "most chains became switches: " + switched);
  }
}
