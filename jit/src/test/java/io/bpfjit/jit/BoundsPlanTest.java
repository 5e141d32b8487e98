package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.BpfProgram;
import io.bpfjit.Verifier;
import org.junit.jupiter.api.Test;

/** The grouped caplen checks, pc by pc. */
class BoundsPlanTest {
  private static BoundsPlan plan(String asm, boolean group) {
    return BoundsPlan.plan(ControlFlow.of(Verifier.verify(BpfProgram.parse(asm))), group);
  }

  @Test
  void oneGuardCoversAllReadsOfAPath() {
    // tcp dst port 80 on IPv4 (no IPv6 branch): ldh [12], ldb [23], ldh [20], msh [14]
    BoundsPlan p =
        plan(
            "ldh [12]\njeq #0x800, v4, drop\nv4: ldb [23]\njeq #6, tcp, drop\n"
                + "tcp: ldh [20]\njset #0x1fff, drop, port\nport: ldxb 4*([14]&0xf)\n"
                + "ldh [x + 16]\njeq #80, keep, drop\nkeep: ret #262144\ndrop: ret #0\n",
            true);
    assertEquals(24, p.guard(0), "every accepting path reads up to [23]");
    assertEquals(BoundsPlan.NONE, p.guard(2));
    assertEquals(BoundsPlan.NONE, p.guard(4));
    assertEquals(BoundsPlan.NONE, p.guard(6));
  }

  @Test
  void nonZeroReturnBeforeALargeReadStopsTheHoist() {
    BoundsPlan p =
        plan(
            "ldb [0]\njeq #1, accept, check\naccept: ret #7\ncheck: jeq #2, reject, far\n"
                + "reject: ret #0\nfar: ld [100]\nret a\n",
            true);
    assertEquals(1, p.guard(0), "the accept path needs only byte 0");
    assertEquals(104, p.guard(5), "the far read gets its own guard");
  }

  @Test
  void retZeroPathsAreFree() {
    BoundsPlan p =
        plan("ldb [0]\njeq #1, far, reject\nreject: ret #0\nfar: ld [60]\nret a\n", true);
    assertEquals(64, p.guard(0), "the only non-zero path reads [60..63]");
    assertEquals(BoundsPlan.NONE, p.guard(3));
  }

  @Test
  void ungroupedChecksEachRead() {
    BoundsPlan p = plan("ldb [0]\nldh [10]\nld [2]\nret a\n", false);
    assertEquals(1, p.guard(0));
    assertEquals(12, p.guard(1));
    assertEquals(6, p.guard(2));
  }

  @Test
  void readBeyondTwoToTheThirtyTwo() {
    BoundsPlan p = plan("ld [4294967295]\nret a\n", true);
    assertEquals(4294967299L, p.guard(0));
  }

  @Test
  void loopsFallBackToPerReadChecks() {
    BoundsPlan p =
        plan("ld #0\nloop: ldb [5]\nldb [9]\njeq #1, out, back\nback: ja loop\nout: ret a\n", true);
    assertEquals(6, p.guard(1));
    assertEquals(10, p.guard(2));
  }
}
