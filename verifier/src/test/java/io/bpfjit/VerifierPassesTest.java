package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The verifier's one-pass analyses for programs whose jumps all go forward (what every tcpdump
 * program is) against the worklist analyses they stand in for: the same reachable pcs, the same
 * words read before written, the same STRICT rejection.
 */
class VerifierPassesTest {
  private static final int ST = 0x02;
  private static final int LD_MEM = 0x60;
  private static final int LDX_MEM = 0x61;
  private static final int LD_IMM = 0x00;
  private static final int JEQ_K = 0x15;
  private static final int JA = 0x05;
  private static final int RET_K = 0x06;

  /** Random forward programs over scratch stores, loads, compares, jumps and returns. */
  @Test
  void onePassAnalysesEqualTheWorklistOnesOnForwardPrograms() {
    SplittableRandom r = new SplittableRandom(31);
    int reads = 0;
    int unreachable = 0;
    for (int round = 0; round < 3000; round++) {
      int n = 2 + r.nextInt(40);
      List<RawInstruction> insns = new ArrayList<>();
      for (int pc = 0; pc < n - 1; pc++) {
        int left = n - 2 - pc; // largest forward offset that stays inside the program
        int word = r.nextInt(4);
        insns.add(
            switch (r.nextInt(7)) {
              case 0 -> new RawInstruction(ST, 0, 0, word);
              case 1 -> new RawInstruction(LD_MEM, 0, 0, word);
              case 2 -> new RawInstruction(LDX_MEM, 0, 0, word);
              case 3 -> new RawInstruction(JEQ_K, r.nextInt(left + 1), r.nextInt(left + 1), 7);
              case 4 -> new RawInstruction(JA, 0, 0, r.nextInt(left + 1));
              case 5 -> new RawInstruction(RET_K, 0, 0, 1);
              default -> new RawInstruction(LD_IMM, 0, 0, r.nextInt(9));
            });
      }
      insns.add(new RawInstruction(RET_K, 0, 0, 0));
      Opcode[] ops = insns.stream().map(RawInstruction::opcode).toArray(Opcode[]::new);
      BitSet reachable = Verifier.reachable(insns, ops);
      assertEquals(reachable, Verifier.reachableForward(insns, ops), insns.toString());
      int mask = Verifier.readBeforeWrite(insns, ops, reachable, false);
      assertEquals(
          mask,
          Verifier.readBeforeWriteForward(insns, ops, reachable.toLongArray(), false),
          insns.toString());
      // and what verify itself computes in its one pass over the instructions
      VerifiedProgram v = Verifier.verify(BpfProgram.of(insns));
      int used = 0;
      for (int pc = 0; pc < n; pc++) {
        assertEquals(reachable.get(pc), v.isReachable(pc), pc + " in " + insns);
        if (reachable.get(pc) && (ops[pc].readsScratch() || ops[pc].writesScratch())) {
          used |= 1 << insns.get(pc).k();
        }
      }
      assertEquals(used, v.scratchUsedMask(), insns.toString());
      assertEquals(mask, v.scratchReadBeforeWriteMask(), insns.toString());
      String strict = strictRejection(insns, ops, reachable, false);
      assertEquals(strict, strictRejection(insns, ops, reachable, true), insns.toString());
      reads += mask != 0 ? 1 : 0;
      unreachable += reachable.cardinality() < n ? 1 : 0;
    }
    assertTrue(reads > 500 && unreachable > 500, "reads " + reads + ", unreachable " + unreachable);
  }

  /** The STRICT analysis's rejection (pc and message), or "accepted". */
  private static String strictRejection(
      List<RawInstruction> insns, Opcode[] ops, BitSet reachable, boolean forward) {
    try {
      if (forward) {
        Verifier.readBeforeWriteForward(insns, ops, reachable.toLongArray(), true);
      } else {
        Verifier.readBeforeWrite(insns, ops, reachable, true);
      }
      return "accepted";
    } catch (InvalidProgramException e) {
      return e.pc() + " " + e.getMessage();
    }
  }
}
