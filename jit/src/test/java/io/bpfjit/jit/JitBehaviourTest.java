package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.testing.Capture;
import io.bpfjit.testing.Corpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

class JitBehaviourTest {
  private static final String IP =
      "ldh [12]\njeq #0x800, keep, drop\nkeep: ret #262144\ndrop: ret #0\n";

  @Test
  void argumentErrorsThrowBeforeRunning() {
    JitFilter f = JitTesting.generated(BpfProgram.parse(IP));
    byte[] p = new byte[20];
    assertThrows(IndexOutOfBoundsException.class, () -> f.apply(p, -1, 5, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> f.apply(p, 10, 11, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> f.apply(p, 0, -1, 0));
    assertThrows(NullPointerException.class, () -> f.apply((byte[]) null, 0, 0, 0));
    assertEquals(0, f.apply(p, 20, 0, 0), "an empty region at the end is valid");
    ByteBuffer d = ByteBuffer.allocateDirect(20).limit(12);
    assertThrows(IndexOutOfBoundsException.class, () -> f.apply(d, 10, 3, 3), "past the limit");
    assertThrows(IndexOutOfBoundsException.class, () -> f.apply(d, -1, 3, 3));
    assertThrows(NullPointerException.class, () -> f.apply((ByteBuffer) null, 0, 0, 0));
    assertEquals(0, f.apply(d, 12, 0, 0), "an empty region at the limit is valid");
  }

  @Test
  void bulkEqualsPerPacket() throws Exception {
    Capture c = Corpus.capture("bench-mix.pcap");
    int n = c.packets().size();
    byte[] data = c.packets().get(0).data();
    int[] offs = new int[n];
    int[] caps = new int[n];
    int[] wires = new int[n];
    byte[][] arrays = new byte[n][];
    for (int i = 0; i < n; i++) {
      Capture.Packet p = c.packets().get(i);
      offs[i] = p.offset();
      caps[i] = p.caplen();
      wires[i] = p.wirelen();
      arrays[i] = p.bytes();
    }
    for (String id : List.of("001", "056", "118", "184u")) {
      String text =
          Files.readString(
              Corpus.ethernetPrograms().stream()
                  .filter(e -> e.id().equals(id))
                  .findFirst()
                  .orElseThrow()
                  .bpf());
      JitFilter f = JitTesting.generated(BpfProgram.parse(text));
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (f.apply(data, offs[i], caps[i], wires[i]) != 0) {
          expected.add(i);
        }
      }
      assertEquals(expected.size(), f.count(data, offs, caps, wires, n), id);
      int[] sel = new int[n];
      int k = f.select(data, offs, caps, wires, n, sel);
      assertArrayEquals(
          expected.stream().mapToInt(Integer::intValue).toArray(),
          java.util.Arrays.copyOf(sel, k),
          id);
      int wholeArrays = 0;
      for (byte[] a : arrays) {
        wholeArrays += f.apply(a) != 0 ? 1 : 0;
      }
      assertEquals(wholeArrays, f.count(arrays), id);
    }
    JitFilter f = JitTesting.generated(BpfProgram.parse(IP));
    assertThrows(IndexOutOfBoundsException.class, () -> f.count(data, offs, caps, wires, n + 1));
  }

  @Test
  void sharedAcrossThreads() throws Exception {
    String text =
        Files.readString(
            Corpus.ethernetPrograms().stream()
                .filter(e -> e.id().equals("056u"))
                .findFirst()
                .orElseThrow()
                .bpf());
    JitFilter f = JitTesting.generated(BpfProgram.parse(text));
    List<Capture.Packet> packets = Corpus.capture("bench-mix.pcap").packets();
    int[] expected = new int[packets.size()];
    for (int i = 0; i < expected.length; i++) {
      Capture.Packet p = packets.get(i);
      expected[i] = f.apply(p.data(), p.offset(), p.caplen(), p.wirelen());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  int[] got = new int[packets.size()];
                  for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < got.length; i++) {
                      Capture.Packet p = packets.get(i);
                      got[i] = f.apply(p.data(), p.offset(), p.caplen(), p.wirelen());
                    }
                  }
                  return got;
                }));
      }
      for (Future<int[]> r : runs) {
        assertArrayEquals(expected, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void generatedClassesPassAsmsVerifier() throws Exception {
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      if (e.insnCount() > 500) {
        continue;
      }
      JitFilter f = JitTesting.generated(BpfProgram.parse(Files.readString(e.bpf())));
      for (byte[] classFile : List.of(f.classBytes(), f.batchClassBytes())) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(
            new ClassReader(classFile),
            JitFilter.class.getClassLoader(),
            false,
            new PrintWriter(out));
        assertEquals("", out.toString(), e.id());
      }
    }
  }

  /** Threads racing to the first batch call each get the right count, whoever defines the class. */
  @Test
  void firstBatchCallsRaceSafely() throws Exception {
    List<Capture.Packet> packets = Corpus.capture("bench-mix.pcap").packets();
    byte[][] arrays = packets.stream().map(Capture.Packet::bytes).toArray(byte[][]::new);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        JitFilter f = JitTesting.generated(BpfProgram.parse(IP));
        int expected = 0;
        for (byte[] a : arrays) {
          expected += f.apply(a) != 0 ? 1 : 0;
        }
        assertTrue(expected > 0 && expected < arrays.length, "a filter that splits the capture");
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          runs.add(pool.submit(() -> f.count(arrays)));
        }
        for (Future<Integer> r : runs) {
          assertEquals(expected, r.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void batchClassIsMadeOnceAndOnlyWhenAsked() {
    JitFilter f = JitTesting.generated(BpfProgram.parse(IP));
    assertTrue(f.methodSizes().keySet().stream().noneMatch(m -> m.contains("Batch")));
    assertTrue(f.batchBytecodeText().contains("countBatch"));
    assertNull(f.definedBulk(), "no batch class before a batch call (the text above is not one)");
    assertEquals(f, f.prepareBatches());
    JitBulk made = f.definedBulk();
    assertNotNull(made);
    assertEquals(1, f.count(new byte[][] {ipv4Frame()}));
    assertEquals(1, f.count(ipv4Frame(), new int[] {0}, new int[] {60}, new int[] {60}, 1));
    assertSame(made, f.definedBulk(), "later batch calls use the class made first");
  }

  private static byte[] ipv4Frame() {
    byte[] p = new byte[60];
    p[12] = 0x08;
    return p;
  }

  @Test
  void lineNumbersAreProgramCounters() {
    JitFilter f = JitTesting.generated(BpfProgram.parse(IP));
    String text = f.bytecodeText();
    assertTrue(text.contains("LINENUMBER 0 "), text);
    assertTrue(text.contains("LINENUMBER 1 "), text);
    assertTrue(text.contains("LINENUMBER 3 "), text);
  }
}
