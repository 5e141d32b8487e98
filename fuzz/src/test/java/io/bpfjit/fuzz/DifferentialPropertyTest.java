package io.bpfjit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import io.bpfjit.jit.JitOptions;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik properties over seeded generators. jqwik prints the seed of every run; a failure replays
 * with {@code @Property(seed = "...")}, and the campaign's minimiser turns it into a vector.
 */
class DifferentialPropertyTest {

  @Property(tries = 400)
  void jitEqualsInterpreter(@ForAll long seed, @ForAll @IntRange(min = 0, max = 63) int budget) {
    SplittableRandom r = new SplittableRandom(seed);
    BpfProgram p = ProgramGenerator.realistic(r, 200);
    VerifierOptions o = VerifierOptions.libpcap().withBackwardJumpBudget(budget);
    VerifiedProgram v = Verifier.verify(p, o);
    Differential d = Differential.of(v, JitOptions.defaults());
    for (int i = 0; i < 24; i++) {
      PacketGenerator.Input in = PacketGenerator.next(r, List.of());
      String why = d.check(in);
      if (why != null) {
        Minimizer.Case small =
            Minimizer.minimize(new Minimizer.Case(p, o, in), JitOptions.defaults());
        assertNull(why, RegressionWriter.text(small, d.expected(small.input()), why, seed));
      }
    }
  }

  @Property(tries = 300)
  void ungroupedJitEqualsInterpreter(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    VerifiedProgram v = Verifier.verify(ProgramGenerator.realistic(r, 80));
    Differential d = Differential.of(v, JitOptions.defaults().withGroupedBoundsChecks(false));
    for (int i = 0; i < 16; i++) {
      assertNull(d.check(PacketGenerator.next(r, List.of())));
    }
  }

  @Property(tries = 2000)
  void verifierRejectsWithPcOrAccepts(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BpfProgram p =
        r.nextBoolean()
            ? ProgramGenerator.raw(r)
            : ProgramGenerator.mutate(r, ProgramGenerator.realistic(r, 50));
    try {
      VerifiedProgram v = Verifier.verify(p);
      Differential d = Differential.of(v, JitOptions.defaults());
      assertNull(d.check(PacketGenerator.next(r, List.of())));
    } catch (InvalidProgramException e) {
      assertTrue(e.pc() >= -1 && e.pc() < Math.max(1, p.size()), e.getMessage());
      if (e.pc() >= 0) {
        assertEquals(p.get(e.pc()), e.insn());
      }
    }
  }

  @Property(tries = 200)
  void bulkEqualsPerPacket(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    VerifiedProgram v = Verifier.verify(ProgramGenerator.realistic(r, 60));
    Differential d = Differential.of(v, JitOptions.defaults());
    int n = 1 + r.nextInt(40);
    byte[] data = new byte[n * 100];
    int[] offs = new int[n];
    int[] caps = new int[n];
    int[] wires = new int[n];
    for (int i = 0; i < n; i++) {
      PacketGenerator.Input in = PacketGenerator.next(r, List.of());
      int cap = Math.min(in.caplen(), 100);
      System.arraycopy(in.data(), in.offset(), data, i * 100, cap);
      offs[i] = i * 100;
      caps[i] = cap;
      wires[i] = in.wirelen();
    }
    assertNull(d.checkBulk(data, offs, caps, wires, n));
  }

  @Property(tries = 3000)
  void parserReturnsOrThrowsFormatException(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    assertNull(Campaign.parseRobustness(r, ProgramGenerator.realistic(r, 30)));
  }

  @Property(tries = 1000)
  void encodeDecodeRoundTrip(@ForAll long seed) {
    BpfProgram p = ProgramGenerator.raw(new SplittableRandom(seed));
    if (p.size() == 0) {
      return;
    }
    assertEquals(p, BpfProgram.parse(p.toDecimal()));
    assertEquals(p, BpfProgram.parse(p.toCArray()));
    assertEquals(p, BpfProgram.parse(p.toComma()));
    for (RawInstruction i : p.instructions()) {
      assertEquals(i, new RawInstruction(i.code(), i.jt(), i.jf(), i.k()));
    }
  }
}
