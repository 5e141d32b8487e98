package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import io.bpfjit.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No generated method exceeds HotSpot's 8,000-byte compile limit, for any program size. */
class MethodSizeTest {

  @Test
  void largestCorpusProgramsStayUnderTheLimit() throws IOException {
    List<Corpus.ProgramEntry> largest =
        Corpus.ethernetPrograms().stream()
            .sorted(Comparator.comparingInt(Corpus.ProgramEntry::insnCount).reversed())
            .limit(12)
            .toList();
    assertEquals(8938, largest.get(0).insnCount(), "the corpus's largest program");
    for (Corpus.ProgramEntry e : largest) {
      JitFilter f = JitTesting.generated(BpfProgram.parse(Files.readString(e.bpf())));
      assertTrue(
          f.largestMethodSize() <= JitOptions.HOTSPOT_HUGE_METHOD_LIMIT,
          e.id() + ": " + f.methodSizes());
      if (e.insnCount() >= 1000) {
        assertTrue(f.methodSizes().size() > 5, e.id() + " must be split: " + f.methodSizes());
      }
    }
  }

  @Test
  void everyCorpusProgramStaysUnderTheLimit() throws IOException {
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      JitFilter f = JitTesting.generated(BpfProgram.parse(Files.readString(e.bpf())));
      assertTrue(f.largestMethodSize() <= JitOptions.HOTSPOT_HUGE_METHOD_LIMIT, e.id());
    }
  }

  /**
   * The sizes the assembler records (from a label bound after each method's last instruction) are
   * the {@code code_length}s of the class file, for single- and multi-method classes alike.
   */
  @Test
  void recordedSizesAreTheClassFilesCodeLengths() throws IOException {
    JitOptions split = JitTesting.GENERATED.withMethodBudget(JitTesting.TINY_BUDGET);
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      if (Integer.parseInt(e.id().replaceAll("\\D", "")) % 10 != 0) {
        continue;
      }
      BpfProgram p = BpfProgram.parse(Files.readString(e.bpf()));
      for (JitOptions o : List.of(JitTesting.GENERATED, split, split.withSplitLoops(true))) {
        JitFilter f = BpfJit.compile(Verifier.verify(p), o);
        assertEquals(MethodSizes.of(f.classBytes()), f.methodSizes(), e.id() + " " + o);
      }
    }
  }

  /** 65,535 instructions, the most the verifier accepts: loads, compares and stores. */
  @Test
  void maximumLengthProgram() {
    List<RawInstruction> insns = new ArrayList<>();
    int n = VerifierOptions.MAX_LENGTH;
    while (insns.size() < n - 3) {
      int i = insns.size();
      switch (i % 4) {
        case 0 -> insns.add(new RawInstruction(0x30, 0, 0, i % 1500)); // ldb [k]
        case 1 -> insns.add(new RawInstruction(0x15, 0, 0, i)); // jeq #i (both to next)
        case 2 -> insns.add(new RawInstruction(0x02, 0, 0, i % 16)); // st M[k]
        default -> insns.add(new RawInstruction(0x45, 1, 0, 1 << (i % 32))); // jset, skip one
      }
    }
    insns.add(new RawInstruction(0x80, 0, 0, 0)); // ld #len
    insns.add(new RawInstruction(0x16, 0, 0, 0)); // ret a
    insns.add(new RawInstruction(0x06, 0, 0, 7));
    JitFilter f = JitTesting.generated(Verifier.verify(BpfProgram.of(insns)));
    assertTrue(f.largestMethodSize() <= JitOptions.HOTSPOT_HUGE_METHOD_LIMIT, f.toString());
    // All-zero bytes: every jset falls through, every ldb [k < 1500] is in bounds, and the run
    // ends at ld #len; ret a. A shorter packet makes some ldb fault.
    assertEquals(1500, f.apply(new byte[1500]));
    assertEquals(0, f.apply(new byte[1000]));
  }

  /**
   * However small the budget, a large program gets at most about {@link RegionPlan#MAX_REGIONS}
   * methods, so a run through all of them, interpreted (the largest frames), fits a small stack:
   * with a 40-byte budget the corpus's 8,938-instruction program had thousands, and overflowed.
   */
  @Test
  void tinyBudgetsKeepTheCallChainShort() throws Exception {
    Corpus.ProgramEntry largest =
        Corpus.ethernetPrograms().stream()
            .max(Comparator.comparingInt(Corpus.ProgramEntry::insnCount))
            .orElseThrow();
    BpfProgram p = BpfProgram.parse(Files.readString(largest.bpf()));
    JitOptions tiny = JitTesting.GENERATED.withMethodBudget(1).withSplitLoops(true);
    JitFilter f = BpfJit.compile(Verifier.verify(p), tiny);
    long regions = f.methodSizes().keySet().stream().filter(m -> m.startsWith("pc")).count();
    assertTrue(regions > 100 && regions <= RegionPlan.MAX_REGIONS + 8, regions + " region methods");
    int expected = JitTesting.generated(p).apply(new byte[1500]);
    Object[] got = new Object[1];
    Runnable run =
        () -> {
          try {
            got[0] = f.apply(new byte[1500]);
          } catch (Throwable e) { // StackOverflowError, before the regions were bounded
            got[0] = e;
          }
        };
    Thread t = new Thread(null, run, "small-stack", 256 << 10);
    t.start();
    t.join();
    assertEquals(expected, got[0], "ran to the end on a 256 KB stack");
  }

  @Test
  void tinyBudgetSplitsSmallPrograms() {
    JitFilter f =
        BpfJit.compile(
            Verifier.verify(
                BpfProgram.parse("ldh [12]\njeq #0x800, a, b\na: ldb [23]\nret a\nb: ret #0\n")),
            JitTesting.GENERATED.withMethodBudget(JitTesting.TINY_BUDGET));
    assertTrue(
        f.methodSizes().keySet().stream().filter(m -> m.startsWith("pc")).count() >= 2,
        f.methodSizes().toString());
  }
}
