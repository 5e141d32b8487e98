package io.bpfjit.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import io.bpfjit.fuzz.Differential;
import io.bpfjit.fuzz.PacketGenerator;
import io.bpfjit.fuzz.ProgramGenerator;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's generators with packets in memory segments: random realistic programs (loops
 * included) and random packets, the interpreter over a {@code byte[]} as the oracle, against the
 * JIT's buffer class (one method and split), the tiered JIT (its first tier) and the interpreter,
 * each given the packet in a native segment and in a read-only view of it. A failure names the seed
 * that replays it.
 */
class SegmentFuzzTest {
  private static final int PROGRAMS = 600;
  private static final int PACKETS = 24;

  @Test
  void everyEngineThroughSegmentsEqualsTheInterpreter() {
    SplittableRandom seeds = new SplittableRandom(0x5e9_2026L);
    JitOptions untiered = JitOptions.defaults().withTiering(false);
    for (int t = 0; t < PROGRAMS; t++) {
      long seed = seeds.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      VerifiedProgram v =
          Verifier.verify(
              ProgramGenerator.realistic(r, 200),
              VerifierOptions.libpcap().withBackwardJumpBudget(r.nextInt(64)));
      PacketFilter oracle = BpfInterpreter.of(v);
      List<PacketFilter> subjects =
          List.of(
              BpfJit.compile(v, untiered),
              BpfJit.compile(v, untiered.withMethodBudget(Differential.SPLIT_BUDGET)),
              BpfJit.compile(v),
              BpfInterpreter.of(v));
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment segment = arena.allocate(4096);
        SegmentPackets native_ = SegmentPackets.of(segment);
        SegmentPackets readOnly = SegmentPackets.of(segment.asReadOnly());
        for (int i = 0; i < PACKETS; i++) {
          PacketGenerator.Input in = PacketGenerator.next(r, List.of());
          int want = oracle.apply(in.data(), in.offset(), in.caplen(), in.wirelen());
          int at = 1 + r.nextInt(7);
          MemorySegment.copy(
              in.data(), in.offset(), segment, ValueLayout.JAVA_BYTE, at, in.caplen());
          for (int s = 0; s < subjects.size(); s++) {
            String what = "seed " + seed + ", packet " + i + ", subject " + s;
            PacketFilter f = subjects.get(s);
            assertEquals(
                Integer.toUnsignedString(want),
                Integer.toUnsignedString(native_.apply(f, at, in.caplen(), in.wirelen())),
                what + " [native]");
            assertEquals(
                Integer.toUnsignedString(want),
                Integer.toUnsignedString(readOnly.apply(f, at, in.caplen(), in.wirelen())),
                what + " [read-only]");
          }
        }
      }
    }
  }
}
