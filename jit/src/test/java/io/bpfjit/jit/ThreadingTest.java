package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jump threading: which edges move (reloads of a word whose compare an earlier one decided), which
 * must not (A still needed), and random programs of reloads and compares giving the first tier's
 * verdict on random packets cut at every length.
 */
class ThreadingTest {
  private static ControlFlow cfg(String asm) {
    return ControlFlow.of(Verifier.verify(BpfProgram.parse(asm)));
  }

  /** Two hosts of an unoptimised {@code host} list: the ethertype is tested before each. */
  private static final String TWO_HOSTS =
      """
      ldh [12]
      jeq #0x800, a1, n1
      a1: ld [26]
      jeq #1, yes, n1
      n1: ldh [12]
      jeq #0x800, a2, n2
      a2: ld [26]
      jeq #2, yes, n2
      n2: ldh [12]
      jeq #0x806, a3, no
      a3: ld [28]
      jeq #2, yes, no
      yes: ret #1
      no: ret #0
      """;

  @Test
  void aRetestedEthertypeIsSkippedOnBothOfItsOutcomes() {
    ControlFlow c = cfg(TWO_HOSTS);
    // pc 3 (jeq #1 on [26]) fails with [12] == 0x800 known: straight to the next host's ld [26]
    assertArrayEquals(new int[] {12, 6}, c.successors(3));
    // pc 1 fails with [12] != 0x800: past the second 0x800 test to the 0x806 one
    assertArrayEquals(new int[] {2, 8}, c.successors(1));
    // pc 7 fails with [12] == 0x800: the 0x806 test is decided false
    assertArrayEquals(new int[] {12, 13}, c.successors(7));
    assertFalse(c.isReachable(4), "the second ldh [12] is never reached");
    assertFalse(c.isReachable(5));
    assertTrue(c.isReachable(6));
  }

  @Test
  void noRedirectSkipsALoadIntoAnAThatIsStillRead() {
    // at pc 6, A must be [12] (returned); the edge from pc 3 holds [26] in A: no skip there
    String asm =
        """
        ldh [12]
        jeq #0x800, a, n
        a: ld [26]
        jeq #1, y, c
        c: ldh [12]
        jeq #0x800, r, n
        r: ret a
        y: ret #1
        n: ret #0
        """;
    ControlFlow c = cfg(asm);
    assertArrayEquals(new int[] {7, 4}, c.successors(3));
    assertTrue(c.isReachable(4));
    // the reload's compare itself is decided, though: both its edges go to r
    assertArrayEquals(new int[] {6, 6}, c.successors(5));
  }

  @Test
  void aRepeatedConstantIsNotTestedAgain() {
    ControlFlow c =
        cfg("ld [0]\njeq #5, y, n1\nn1: jeq #5, z, n\ny: ret #1\nz: ret #2\nn: ret #0\n");
    assertArrayEquals(new int[] {3, 5}, c.successors(1));
    assertFalse(c.isReachable(2));
    assertFalse(c.isReachable(4), "ret #2 needs [0] == 5 and [0] != 5");
  }

  @Test
  void programsWithBackwardJumpsAreLeftAlone() {
    VerifiedProgram v =
        Verifier.verify(BpfProgram.parse("l: ld [0]\njeq #5, n, b\nb: ja l\nn: ret #0\n"));
    assertTrue(v.hasBackwardJumps());
    assertEquals(null, io.bpfjit.jit.internal.Threading.successors(v));
  }

  /**
   * Random DAGs of loads of a few words (absolute, indirect, constants), compares of them with a
   * few constants (jeq mostly, jgt, jset, X forms), ALU ops and returns of A or constants: the JIT
   * (threaded) and the first tier (not) agree on random packets at every caplen.
   */
  @Test
  void randomReloadsAndComparesKeepTheirVerdicts() {
    Random r = new Random(20261203);
    int threadedPrograms = 0;
    for (int t = 0; t < 1500; t++) {
      BpfProgram p = randomProgram(r);
      VerifiedProgram v = Verifier.verify(p);
      ControlFlow threaded = ControlFlow.of(v);
      ControlFlow plain = ControlFlow.unthreaded(v);
      for (int pc = 0; pc < v.size(); pc++) {
        if (threaded.isReachable(pc)
            && !java.util.Arrays.equals(threaded.successors(pc), plain.successors(pc))) {
          threadedPrograms++;
          break;
        }
      }
      JitFilter jit = JitTesting.generated(v);
      FirstTier tier0 = FirstTier.unthreaded(v);
      FirstTier threadedTier = FirstTier.threaded(v);
      for (int q = 0; q < 40; q++) {
        byte[] packet = new byte[24];
        for (int i = 0; i < packet.length; i++) {
          packet[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : r.nextInt(2));
        }
        for (int caplen = 0; caplen <= packet.length; caplen += 1 + r.nextInt(3)) {
          int want = tier0.run(packet, 0, caplen, 60);
          int got = jit.apply(packet, 0, caplen, 60);
          int firstTier = threadedTier.run(packet, 0, caplen, 60);
          if (want != got || want != firstTier) {
            String where = "caplen " + caplen + " packet " + HexFormat.of().formatHex(packet);
            assertEquals(want, got, "generated code, " + where + "\n" + p);
            assertEquals(want, firstTier, "threaded first tier, " + where + "\n" + p);
          }
        }
      }
    }
    assertTrue(threadedPrograms > 300, "threading applied to " + threadedPrograms + " of 1500");
  }

  private static BpfProgram randomProgram(Random r) {
    int n = 12 + r.nextInt(30);
    List<RawInstruction> insns = new ArrayList<>();
    int[] words = {0, 2, 4};
    int[] constants = {0, 1, 0x100, 0x101, 0x10000};
    for (int pc = 0; pc < n - 2; pc++) {
      int remaining = n - 1 - pc - 1; // jump offsets that stay inside the program
      int choice = r.nextInt(14);
      int k = constants[r.nextInt(constants.length)];
      int jt = r.nextInt(Math.min(remaining, 8) + 1);
      int jf = r.nextInt(Math.min(remaining, 8) + 1);
      insns.add(
          switch (choice) {
            case 0, 1, 2 -> new RawInstruction(0x28, 0, 0, words[r.nextInt(2)]); // ldh [w]
            case 3 -> new RawInstruction(0x30, 0, 0, words[r.nextInt(3)] + 1); // ldb [w+1]
            case 4 -> new RawInstruction(0x20, 0, 0, words[r.nextInt(3)] * 4); // ld [4w], may fault
            case 5 -> new RawInstruction(0x48, 0, 0, words[r.nextInt(3)]); // ldh [x+w]
            case 6 -> new RawInstruction(r.nextBoolean() ? 0x25 : 0x45, jt, jf, k); // jgt, jset
            case 7 -> new RawInstruction(0x1d, jt, jf, 0); // jeq x
            case 8 -> new RawInstruction(r.nextBoolean() ? 0x04 : 0x07, 0, 0, 1); // add #1, tax
            default -> new RawInstruction(0x15, jt, jf, k); // jeq #k
          });
    }
    insns.add(new RawInstruction(0x16, 0, 0, 0)); // ret a
    insns.add(new RawInstruction(0x06, 0, 0, 7)); // ret #7
    return BpfProgram.of(insns);
  }
}
