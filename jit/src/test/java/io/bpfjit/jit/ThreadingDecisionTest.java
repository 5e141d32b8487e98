package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a filter threads its first tier: a program that reloads words many times is threaded only
 * once its first packets show compares threading can decide (retests) running often enough; the
 * switch happens mid-stream with the same verdicts on both sides.
 */
class ThreadingDecisionTest {
  private static final int TERMS = 80;

  /**
   * {@code port} terms as tcpdump writes them unoptimised: the ethertype tested again before each
   * port, which an indirect load reads, so a packet that matches none runs TERMS - 1 retests, none
   * of them in a chain the first tier runs as a lookup.
   */
  private static VerifiedProgram retesting() {
    return ethertypeList("ldxb 4*([14]&0xf)\nldh [x+14]");
  }

  /**
   * {@code host} terms as tcpdump writes them unoptimised: as many retests of the ethertype, each
   * inside a chain of (ethertype, address) links that the first tier runs as one lookup.
   */
  private static VerifiedProgram guardedChain() {
    return ethertypeList("ld [26]");
  }

  /** TERMS terms: the ethertype, then {@code load} and a compare with 1000 + the term's number. */
  private static VerifiedProgram ethertypeList(String load) {
    StringBuilder asm = new StringBuilder();
    for (int i = 0; i < TERMS; i++) {
      asm.append("t").append(i).append(": ldh [12]\n");
      asm.append("jeq #0x800, a").append(i).append(", t").append(i + 1).append('\n');
      asm.append("a").append(i).append(": ").append(load).append('\n');
      asm.append("jeq #").append(1000 + i).append(", y").append(i).append(", t").append(i + 1);
      asm.append("\ny").append(i).append(": ret #1\n");
    }
    asm.append("t").append(TERMS).append(": ret #0\n");
    return Verifier.verify(BpfProgram.parse(asm.toString()));
  }

  /**
   * A word compared with a different constant each time ({@code ether host} lists): as many
   * reloads, and no compare threading can decide.
   */
  private static VerifiedProgram distinct() {
    StringBuilder asm = new StringBuilder();
    for (int i = 0; i < TERMS; i++) {
      asm.append("t").append(i).append(": ld [26]\n");
      asm.append("jeq #").append(1000 + i).append(", y").append(i).append(", t").append(i + 1);
      asm.append("\ny").append(i).append(": ret #1\n");
    }
    asm.append("t").append(TERMS).append(": ret #0\n");
    return Verifier.verify(BpfProgram.parse(asm.toString()));
  }

  /**
   * IPv4 frames; every fourth (i = 3, 7, …) has source address and source port {@code 1000 + i},
   * which term i matches after i retests; the others match no term (79 retests each).
   */
  private static List<byte[]> packets(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = new byte[60];
      p[12] = 0x08;
      p[14] = 0x45;
      int value = i % 4 == 3 ? 1000 + i : 5 + i;
      ByteBuffer.wrap(p).putInt(26, value).putShort(34, (short) value);
      out.add(p);
    }
    return out;
  }

  private static byte[][] array(List<byte[]> packets) {
    return packets.toArray(new byte[0][]);
  }

  private static int[] lengths(List<byte[]> packets) {
    return packets.stream().mapToInt(p -> p.length).toArray();
  }

  @Test
  void bothProgramsMayThreadButOnlyRetestsRepay() {
    VerifiedProgram retesting = retesting();
    VerifiedProgram distinct = distinct();
    assertTrue(FirstTier.mayThread(retesting));
    assertTrue(FirstTier.mayThread(distinct));
    // seven packets with 79 retests each, two with 3 and 7: 62.6 a packet
    List<byte[]> ps = packets(9);
    assertTrue(FirstTier.threadingRepays(retesting, array(ps), lengths(ps), 9));
    assertFalse(FirstTier.threadingRepays(distinct, array(ps), lengths(ps), 9));
    assertFalse(FirstTier.threadingRepays(retesting, new byte[0][], new int[0], 0));
    // packet 3 matches after 3 retests: below the threshold
    List<byte[]> early = packets(4).subList(3, 4);
    assertFalse(FirstTier.threadingRepays(retesting, array(early), lengths(early), 1));
    // with it, 8 packets of 79: (3 + 8 * 79) / 9 = 70.6
    List<byte[]> mixed = new ArrayList<>(early);
    for (int i = 0; i < 8; i++) {
      mixed.add(ps.get(0));
    }
    assertTrue(FirstTier.threadingRepays(retesting, array(mixed), lengths(mixed), 9));
    // the ethertype retested before each address runs inside the lookup: nothing left to thread
    VerifiedProgram guarded = guardedChain();
    assertTrue(FirstTier.mayThread(guarded));
    assertEquals(1, FirstTier.unthreaded(guarded).lookupCount());
    assertEquals(TERMS, FirstTier.unthreaded(guarded).lookupWordLinks()); // the whole list
    assertFalse(FirstTier.threadingRepays(guarded, array(ps), lengths(ps), 9));
    // a program without reloads is never a candidate
    assertFalse(FirstTier.mayThread(Verifier.verify(BpfProgram.parse("ret #0\n"))));
  }

  /** Packets that all match the second term, after one retest each. */
  private static List<byte[]> secondTerm(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = new byte[60];
      p[12] = 0x08;
      p[14] = 0x45;
      ByteBuffer.wrap(p).putInt(26, 1001).putShort(34, (short) 1001);
      out.add(p);
    }
    return out;
  }

  @ParameterizedTest(name = "direct buffers: {0}")
  @ValueSource(booleans = {false, true})
  void aFilterDecidesAfterItsFirstPacketsWithTheSameVerdicts(boolean direct) {
    int n = FirstTier.THREAD_DECISION_PACKETS + 10;
    assertDecision(retesting(), packets(n), true, direct);
    assertDecision(distinct(), packets(n), false, direct);
    assertDecision(retesting(), secondTerm(n), false, direct);
    assertDecision(guardedChain(), packets(n), false, direct);
  }

  @Test
  void theCountingTierCountsRetestsAndItsPlainCopyDoesNot() {
    VerifiedProgram v = retesting();
    FirstTier counting = FirstTier.counting(v);
    FirstTier plain = counting.uncounted();
    assertEquals(plain, plain.uncounted());
    for (byte[] p : packets(8)) {
      assertEquals(FirstTier.unthreaded(v).apply(p), counting.apply(p));
      assertEquals(counting.apply(p), plain.apply(p));
    }
    // 6 packets of 79 retests, 3 + 7 for the other two; each run twice
    assertEquals(2 * (6 * 79 + 3 + 7), counting.retests());
    assertEquals(0, plain.retests());
    assertFalse(plain.threaded());
    assertTrue(FirstTier.threaded(v).threaded());
  }

  private static void assertDecision(
      VerifiedProgram v, List<byte[]> ps, boolean threads, boolean direct) {
    JitFilter f = BpfJit.compile(v);
    FirstTier reference = FirstTier.unthreaded(v);
    for (int i = 0; i < ps.size(); i++) {
      byte[] p = ps.get(i);
      int got =
          direct
              ? f.apply(ByteBuffer.allocateDirect(p.length).put(p).flip(), p.length)
              : f.apply(p);
      assertEquals(reference.apply(p), got, "packet " + i);
      boolean decided = i + 1 >= FirstTier.THREAD_DECISION_PACKETS;
      assertEquals(
          decided && threads, f.tier0().threaded(), "threaded after " + (i + 1) + " packets");
      if (decided) { // the tier that runs from then on counts nothing
        assertEquals(0, f.tier0().retests(), "retests counted after " + (i + 1) + " packets");
      }
    }
  }
}
