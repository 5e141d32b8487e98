package io.bpfjit.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitOptions;
import io.bpfjit.testing.EngineFactory;
import io.bpfjit.testing.TestVector;
import io.bpfjit.testing.Vectors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every hand-written vector through every kind of segment on every engine: native (a confined
 * arena's), read-only native, a {@code byte[]} heap segment at an odd offset, a {@code long[]} heap
 * segment (no buffer view: copied), and batches of all the vector's cases in one segment through
 * {@code count} and {@code select}, and one instance over all of them.
 */
class SegmentVectorTest {
  private static final Map<String, EngineFactory> ENGINES =
      Map.of(
          "interpreter", BpfInterpreter::of,
          "jit", BpfJit::compile,
          "jit untiered", p -> BpfJit.compile(p, JitOptions.defaults().withTiering(false)));

  @TestFactory
  Stream<DynamicTest> vectorsOnEverySegmentKind() {
    return ENGINES.entrySet().stream()
        .flatMap(
            engine ->
                Vectors.all().stream()
                    .filter(v -> v.errorPc() == null)
                    .map(
                        v ->
                            DynamicTest.dynamicTest(
                                engine.getKey() + ": " + v.name(),
                                () -> check(engine.getValue(), v, engine.getKey()))));
  }

  private static void check(EngineFactory engine, TestVector v, String engineName) {
    VerifiedProgram program = Verifier.verify(BpfProgram.parse(v.program()), v.options());
    PacketFilter filter = engine.create(program);
    int n = v.cases().size();
    long[] offsets = new long[n];
    int[] caplens = new int[n];
    int[] wirelens = new int[n];
    int expectedMatches = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      TestVector.Case c = v.cases().get(i);
      offsets[i] = total + 3;
      caplens[i] = c.packet().length;
      wirelens[i] = c.wirelen();
      total += 3 + c.packet().length;
      expectedMatches += c.result() != 0 ? 1 : 0;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment batch = arena.allocate(Math.max(1, total));
      batch.fill((byte) 0xa5);
      SegmentPackets inBatch = SegmentPackets.of(batch);
      for (int i = 0; i < n; i++) {
        TestVector.Case c = v.cases().get(i);
        String what = engineName + " " + v.name() + " case " + i;
        MemorySegment.copy(c.packet(), 0, batch, ValueLayout.JAVA_BYTE, offsets[i], caplens[i]);
        int expected = c.result();
        assertResult(expected, filter, batch, offsets[i], c, what + " [native]");
        assertEquals(
            Integer.toUnsignedString(expected),
            Integer.toUnsignedString(inBatch.apply(filter, offsets[i], caplens[i], c.wirelen())),
            what + " [native, one instance for the vector's cases]");
        assertResult(
            expected, filter, batch.asReadOnly(), offsets[i], c, what + " [read-only native]");
        byte[] padded = new byte[c.packet().length + 12];
        Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(c.packet(), 0, padded, 5, c.packet().length);
        assertResult(expected, filter, MemorySegment.ofArray(padded), 5, c, what + " [byte[]]");
        long[] words = new long[(c.packet().length + 16) / 8 + 1];
        MemorySegment wide = MemorySegment.ofArray(words);
        MemorySegment.copy(c.packet(), 0, wide, ValueLayout.JAVA_BYTE, 8, c.packet().length);
        assertResult(expected, filter, wide, 8, c, what + " [long[]]");
        if (c.packet().length == c.wirelen()) {
          MemorySegment alone = arena.allocate(Math.max(1, c.packet().length));
          MemorySegment.copy(c.packet(), 0, alone, ValueLayout.JAVA_BYTE, 0, c.packet().length);
          assertEquals(
              expected != 0,
              SegmentPackets.matches(filter, alone.asSlice(0, c.packet().length)),
              what + " [matches, whole segment]");
        }
      }
      String what = engineName + " " + v.name();
      assertEquals(
          expectedMatches, inBatch.count(filter, offsets, caplens, wirelens, n), what + " [count]");
      int[] matches = new int[n];
      assertEquals(
          expectedMatches,
          inBatch.select(filter, offsets, caplens, wirelens, n, matches),
          what + " [select]");
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (v.cases().get(i).result() != 0) {
          assertEquals(i, matches[k++], what + " [select's indices]");
        }
      }
    }
  }

  private static void assertResult(
      int expected,
      PacketFilter filter,
      MemorySegment segment,
      long offset,
      TestVector.Case c,
      String what) {
    assertEquals(
        Integer.toUnsignedString(expected),
        Integer.toUnsignedString(
            SegmentPackets.of(segment).apply(filter, offset, c.packet().length, c.wirelen())),
        what);
  }
}
