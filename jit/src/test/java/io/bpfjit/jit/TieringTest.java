package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The switch from the first tier to the generated class: same verdicts on both sides and while it
 * happens (from several threads), only for filters in use, never with tiering off.
 */
class TieringTest {
  /** {@code tcp port 80} (tcpdump -dd): loads, jumps, ldxb, indirect loads. */
  private static final String TCP_PORT_80 =
      "20,40 0 0 12,21 0 6 34525,48 0 0 20,21 0 15 6,40 0 0 54,21 12 0 80,40 0 0 56,21 10 11 80,"
          + "21 0 10 2048,48 0 0 23,21 0 8 6,40 0 0 20,69 6 0 8191,177 0 0 14,72 0 0 14,"
          + "21 2 0 80,72 0 0 16,21 0 1 80,6 0 0 262144,6 0 0 0";

  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private static VerifiedProgram program() {
    return Verifier.verify(BpfProgram.parse(TCP_PORT_80));
  }

  /** IPv4 and IPv6 TCP packets to and from port 80 and others, some truncated. */
  private static List<byte[]> packets(long seed) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] p = new byte[14 + 40 + 20];
      boolean v6 = r.nextBoolean();
      p[12] = (byte) (v6 ? 0x86 : 0x08);
      p[13] = (byte) (v6 ? 0xdd : 0x00);
      if (v6) {
        p[20] = 6;
      } else {
        p[14] = 0x45;
        p[23] = 6;
      }
      int tcp = v6 ? 54 : 34;
      int port = r.nextInt(4) == 0 ? 80 : 1024 + r.nextInt(1000);
      p[tcp + (r.nextBoolean() ? 0 : 2)] = (byte) (port >> 8);
      p[tcp + (r.nextBoolean() ? 1 : 3)] = (byte) port;
      int caplen = r.nextInt(8) == 0 ? r.nextInt(p.length) : p.length;
      out.add(java.util.Arrays.copyOf(p, caplen));
    }
    return out;
  }

  @Test
  void verdictsAgreeBeforeDuringAndAfterTheSwitch() {
    VerifiedProgram v = program();
    JitFilter tiered = BpfJit.compile(v);
    JitFilter generated = JitTesting.generated(v);
    assertFalse(tiered.runsGeneratedCode(), "a new tiered filter starts on the first tier");
    assertFalse(tiered.warmUpEnded(), "and has no warm-up behind it");
    List<byte[]> ps = packets(1);
    long firstTier = 0;
    long afterSwitch = 0;
    int matched = 0;
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (afterSwitch < 10_000 && System.nanoTime() < deadline) {
      for (byte[] p : ps) {
        boolean before = tiered.runsGeneratedCode();
        int want = generated.apply(p, 0, p.length, 74);
        assertEquals(want, tiered.apply(p, 0, p.length, 74), () -> tiered.toString());
        matched += want != 0 ? 1 : 0;
        if (before) {
          afterSwitch++;
        } else {
          firstTier++;
        }
      }
    }
    assertTrue(tiered.runsGeneratedCode(), "switched to the generated class within 60 s");
    assertTrue(tiered.warmUpEnded(), "its warm-up ended with the switch");
    assertFalse(tiered.bufferWarmUpEnded(), "no buffer warm-up: no buffers");
    assertTrue(firstTier >= Tiering.Samples.SIZE, "packets ran on the first tier: " + firstTier);
    assertTrue(matched > 0, "some packets match");
    assertEquals(generated.bytecodeText(), tiered.bytecodeText(), "the same class either way");
  }

  @Test
  void aShortJobNeverGeneratesItsClass() throws Exception {
    VerifiedProgram v = program();
    JitFilter f = BpfJit.compile(v);
    byte[] p = packets(2).get(0);
    long packets = Tiering.START_WORK / v.size() - 1;
    for (long i = 0; i < packets; i++) {
      f.apply(p, 0, p.length, p.length);
    }
    Thread.sleep(100);
    assertFalse(f.generationStarted(), "no class generated below the work threshold");
    assertFalse(f.runsGeneratedCode());
    f.apply(p, 0, p.length, p.length);
    f.apply(p, 0, p.length, p.length);
    assertTrue(f.generationStarted(), "generation starts at the threshold");
  }

  /**
   * A warm-up whose class is not faster by the deadline gives up: the filter stays on its first
   * tier for good, and says so. With no time at all, the first round (which cannot make the three
   * faster rounds in a row a switch needs) is past the deadline.
   */
  @Test
  void aWarmUpPastItsDeadlineGivesUpAndTheFilterStaysOnTheFirstTier() throws Exception {
    long saved = Tiering.deadlineNanos;
    Tiering.deadlineNanos = 0;
    try {
      VerifiedProgram v = program();
      JitFilter f = BpfJit.compile(v).startWarmUp();
      JitFilter generated = JitTesting.generated(v);
      List<byte[]> ps = packets(5);
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (!f.warmUpEnded() && System.nanoTime() < deadline) {
        for (byte[] p : ps) {
          assertEquals(generated.apply(p, 0, p.length, 74), f.apply(p, 0, p.length, 74));
        }
      }
      assertTrue(f.warmUpEnded(), "the warm-up ended");
      assertFalse(f.runsGeneratedCode(), "by giving up, not by switching");
      for (int i = 0; i < 1000; i++) {
        for (byte[] p : ps) {
          assertEquals(generated.apply(p, 0, p.length, 74), f.apply(p, 0, p.length, 74));
        }
      }
      assertFalse(f.runsGeneratedCode(), "and nothing switches it later");
    } finally {
      Tiering.deadlineNanos = saved;
    }
  }

  @Test
  void startWarmUpBeforeAnyPacketSwitchesOnceThereArePackets() throws Exception {
    JitFilter f = BpfJit.compile(program()).startWarmUp();
    Thread.sleep(50);
    assertTrue(f.generationStarted());
    assertFalse(f.runsGeneratedCode(), "no packets yet, nothing to measure");
    List<byte[]> ps = packets(4);
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!f.runsGeneratedCode() && System.nanoTime() < deadline) {
      for (byte[] p : ps) {
        f.apply(p, 0, p.length, 74);
      }
    }
    assertTrue(f.runsGeneratedCode());
  }

  @Test
  void withTieringOffTheClassRunsFromTheFirstPacket() {
    JitFilter f = BpfJit.compile(program(), JitOptions.defaults().withTiering(false));
    assertTrue(f.runsGeneratedCode());
    assertFalse(f.options().tiered());
  }

  @Test
  void threadsRacingThroughTheSwitchGetTheRightVerdicts() throws Exception {
    VerifiedProgram v = program();
    JitFilter tiered = BpfJit.compile(v);
    JitFilter generated = JitTesting.generated(v);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<byte[]> ps = packets(10 + t);
        results.add(
            pool.submit(
                () -> {
                  long deadline = System.nanoTime() + DEADLINE_NANOS;
                  long after = 0;
                  while (after < 5_000 && System.nanoTime() < deadline) {
                    for (byte[] p : ps) {
                      boolean before = tiered.runsGeneratedCode();
                      int want = generated.apply(p, 0, p.length, 74);
                      if (want != tiered.apply(p, 0, p.length, 74)) {
                        return -1L;
                      }
                      after += before ? 1 : 0;
                    }
                  }
                  return after;
                }));
      }
      for (Future<Long> r : results) {
        long after = r.get();
        assertNotEquals(-1L, after, "a verdict differed");
        assertTrue(after >= 5_000, "each thread saw the generated code: " + after);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void batchCallsCountTheSameOnEitherTier() {
    VerifiedProgram v = program();
    JitFilter tiered = BpfJit.compile(v);
    JitFilter generated = JitTesting.generated(v);
    byte[][] ps = packets(3).toArray(new byte[0][]);
    int want = generated.count(ps);
    assertTrue(want > 0 && want < ps.length, "a mixed batch: " + want);
    assertEquals(want, tiered.count(ps), "on the first tier");
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!tiered.runsGeneratedCode() && System.nanoTime() < deadline) {
      tiered.count(ps);
    }
    assertTrue(tiered.runsGeneratedCode());
    assertEquals(want, tiered.count(ps), "on the generated class");
  }

  @Test
  void directBuffersMoveToTheirOwnClassAfterTheSwitchWithTheSameVerdicts() {
    VerifiedProgram v = program();
    JitFilter tiered = BpfJit.compile(v).startWarmUp();
    JitFilter generated = JitTesting.generated(v);
    List<ByteBuffer> ps = new ArrayList<>();
    for (byte[] p : packets(5)) {
      // little-endian and at an offset: loads must stay big-endian and start at the position
      ByteBuffer b = ByteBuffer.allocateDirect(p.length + 5).order(ByteOrder.LITTLE_ENDIAN);
      b.position(5);
      b.put(p).position(5);
      ps.add(b);
    }
    int matched = 0;
    long onTier0 = 0;
    long onClass = 0;
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (onClass < 10_000 && System.nanoTime() < deadline) {
      for (ByteBuffer b : ps) {
        boolean before = tiered.buffersRunGeneratedCode();
        int want = generated.apply(b, 74);
        assertEquals(want, tiered.apply(b, 74), () -> tiered.toString());
        assertEquals(5, b.position());
        matched += want != 0 ? 1 : 0;
        if (before) {
          onClass++;
        } else {
          onTier0++;
        }
      }
    }
    assertTrue(tiered.runsGeneratedCode(), "buffers alone warmed up the filter's class");
    assertTrue(tiered.buffersRunGeneratedCode(), "then its buffer class, within 60 s");
    assertTrue(tiered.bufferWarmUpEnded(), "whose warm-up ended with the switch");
    assertTrue(onTier0 >= Tiering.Samples.SIZE, "buffers ran on the first tier: " + onTier0);
    assertTrue(matched > 0, "some packets match");
    assertTrue(generated.buffersRunGeneratedCode(), "with tiering off, from the first buffer");
  }

  @Test
  void heapBuffersNeverMakeABufferClass() {
    JitFilter f = JitTesting.generated(program());
    byte[] p = packets(6).get(0);
    f.apply(ByteBuffer.wrap(p), p.length);
    assertFalse(f.buffersRunGeneratedCode(), "a heap buffer runs through its array");
  }
}
