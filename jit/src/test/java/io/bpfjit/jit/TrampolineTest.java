package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loops too large for one method are cut and run through the trampoline. */
class TrampolineTest {
  /** M[0] counts iterations of a loop whose body holds {@code filler} harmless instructions. */
  static BpfProgram bigLoop(int filler, int iterations) {
    List<RawInstruction> p = new ArrayList<>();
    p.add(new RawInstruction(0x00, 0, 0, 0)); // ld #0
    p.add(new RawInstruction(0x02, 0, 0, 0)); // st M[0]
    int loop = p.size();
    p.add(new RawInstruction(0x60, 0, 0, 0)); // ld M[0]
    p.add(new RawInstruction(0x04, 0, 0, 1)); // add #1
    p.add(new RawInstruction(0x02, 0, 0, 0)); // st M[0]
    for (int i = 0; i < filler; i++) {
      p.add(
          i % 2 == 0 ? new RawInstruction(0x01, 0, 0, i) : new RawInstruction(0x30, 0, 0, i % 60));
    }
    p.add(new RawInstruction(0x60, 0, 0, 0)); // ld M[0]
    p.add(new RawInstruction(0x15, 1, 0, iterations)); // jeq #iterations, out, back
    int back = p.size();
    p.add(new RawInstruction(0x05, 0, 0, loop - (back + 1))); // ja loop
    p.add(new RawInstruction(0x16, 0, 0, 0)); // out: ret a
    return BpfProgram.of(p);
  }

  @Test
  void hugeLoopIsSplitAndStillCounts() {
    BpfProgram p = bigLoop(9000, 5);
    JitFilter f = JitTesting.generated(p);
    assertTrue(f.methodSizes().containsKey("run"), "trampoline expected: " + f.methodSizes());
    assertTrue(f.largestMethodSize() <= JitOptions.HOTSPOT_HUGE_METHOD_LIMIT, f.toString());
    assertEquals(5, f.apply(new byte[64]), "four backward jumps, within the default budget");
    assertEquals(0, f.apply(new byte[10]), "ldb [k] with k up to 59 faults on a short packet");
    JitFilter tight =
        JitTesting.generated(
            Verifier.verify(p, VerifierOptions.libpcap().withBackwardJumpBudget(3)));
    assertEquals(0, tight.apply(new byte[64]), "the fourth backward jump exceeds a budget of 3");
    JitFilter exact =
        JitTesting.generated(
            Verifier.verify(p, VerifierOptions.libpcap().withBackwardJumpBudget(4)));
    assertEquals(5, exact.apply(new byte[64]));
  }

  @Test
  void forcedLoopSplittingOnSmallPrograms() {
    BpfProgram p = bigLoop(6, 300);
    JitOptions o =
        JitTesting.GENERATED.withMethodBudget(JitTesting.TINY_BUDGET).withSplitLoops(true);
    JitFilter f = BpfJit.compile(Verifier.verify(p), o);
    assertTrue(f.methodSizes().containsKey("run"), f.methodSizes().toString());
    assertEquals(300, f.apply(new byte[64]));
    assertEquals(300, JitTesting.generated(p).apply(new byte[64]), "same result unsplit");
    assertEquals(1, f.count(new byte[][] {new byte[64], new byte[3]}), "batch path too");
  }
}
