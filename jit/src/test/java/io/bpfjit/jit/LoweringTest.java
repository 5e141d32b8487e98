package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.Verifier;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoweringTest {
  private static String lower(String asm, int budget) {
    ControlFlow cfg = ControlFlow.of(Verifier.verify(BpfProgram.parse(asm)));
    BoundsPlan bounds = BoundsPlan.plan(cfg, true);
    RegionPlan regions = RegionPlan.plan(cfg, budget, 7, false);
    return regions.regions().stream()
        .map(
            r ->
                Lowering.lower(cfg, bounds, SwitchPlan.plan(cfg, bounds, r), r).stream()
                    .map(LoweringTest::show)
                    .collect(Collectors.joining(" ")))
        .collect(Collectors.joining(" | "));
  }

  private static String show(Lir step) {
    if (step instanceof Lir.Label) {
      return step.pc() + ":";
    } else if (step instanceof Lir.GuardLen g) {
      return "guard" + g.caplen();
    } else if (step instanceof Lir.GuardXNonZero) {
      return "x!=0";
    } else if (step instanceof Lir.Reject) {
      return "reject";
    } else if (step instanceof Lir.Load) {
      return "ld";
    } else if (step instanceof Lir.Alu) {
      return "alu";
    } else if (step instanceof Lir.Branch b) {
      return "br" + b.whenTrue() + "/" + b.whenFalse() + (b.fallsThrough() ? "" : "!");
    } else if (step instanceof Lir.Goto g) {
      return "goto" + g.target();
    } else if (step instanceof Lir.Return) {
      return "ret";
    } else if (step instanceof Lir.TailJump t) {
      return "jump" + t.target();
    } else if (step instanceof Lir.Switch) {
      return "switch";
    }
    throw new AssertionError(step);
  }

  @Test
  void guardsLabelsAndInstructions() {
    assertEquals(
        "0: guard14 ld 1: br2/3 2: ret 3: ret",
        lower("ldh [12]\njeq #0x800, a, b\na: ret #1\nb: ret #0\n", 6000));
  }

  @Test
  void divisionByXGetsAGuardAndUnreachableCodeIsDropped() {
    assertEquals("0: ld 1: x!=0 alu 2: ret", lower("ldx #3\ndiv x\nret a\nld #1\nret a\n", 6000));
  }

  @Test
  void impossibleReadsRejectAndRegionsFallThroughByJumps() {
    String split = lower("ld #1\nld #2\nld #3\nld #4\nld #5\nld [4294967295]\nret a\n", 24);
    List<String> regions = List.of(split.split(" \\| "));
    assertTrue(regions.size() > 1, split);
    assertTrue(regions.get(0).contains("jump"), "a region that ends mid-block jumps on: " + split);
    assertTrue(split.contains("reject"), "ld [0xffffffff] can never fit: " + split);
  }

  @Test
  void aReadThatCanNeverFitIsOnlyAReject() {
    assertEquals("0: ld 1: reject 2: ret", lower("ld #1\nld [4294967295]\nret a\n", 6000));
  }

  private static final String CHAIN =
      "ld [26]\njeq #1, y, n1\nn1: jeq #2, y, n2\nn2: jeq #3, y, n3\nn3: jeq #4, y, n\n"
          + "y: ret #1\nn: ret #0\n";

  @Test
  void aChainOfFourJeqIsOneSwitchAndItsOtherLinksStayAsDeadCode() {
    assertEquals(
        "0: guard30 ld 1: switch 2: br5/3 3: br5/4 4: br5/6 5: ret 6: ret", lower(CHAIN, 6000));
  }

  @Test
  void shorterChainsAndLinksWithOtherPredecessorsStayCompares() {
    String three =
        "ld [26]\njeq #1, y, n1\nn1: jeq #2, y, n2\nn2: jeq #3, y, n\ny: ret #1\nn: ret #0\n";
    assertEquals("0: guard30 ld 1: br4/2 2: br4/3 3: br4/5 4: ret 5: ret", lower(three, 6000));
    // n2 is also reached from pc 1's true branch: the chain 1-2 is too short to be a switch.
    String shared =
        "ld [26]\njgt #1, n2, n1\nn1: jeq #2, y, n2\nn2: jeq #3, y, n3\nn3: jeq #4, y, n\n"
            + "y: ret #1\nn: ret #0\n";
    assertFalse(lower(shared, 6000).contains("switch"), lower(shared, 6000));
  }
}
