package io.bpfjit.bench;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.JitFilter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns/packet of one corpus program over the 32,768 packets of {@code bench-mix.pcap}: the
 * interpreter, the JIT called per packet, the JIT's bulk loop, and the JIT called per packet on
 * views of one direct buffer holding the same packets ({@code jitDirect}: packets in NIO or Netty
 * buffers or a mapped file, read in place by the JIT's buffer class), and per packet from one
 * native memory segment holding them ({@code jitSegment}, through {@code SegmentPackets.apply}: JDK
 * 22 and later with the segments module, {@link SegmentCalls}). Matches are returned so nothing is
 * dead code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FilterBenchmark {
  static final int PACKETS = 32_768;

  @Param({"001", "056", "076", "118", "184", "184u"})
  public String id;

  private BenchData d;
  private PacketFilter interpreter;
  private PacketFilter jit;

  @Setup
  public void setup() {
    d = BenchData.packets("bench-mix.pcap");
    if (d.count != PACKETS) {
      throw new IllegalStateException("bench-mix.pcap has " + d.count + " packets");
    }
    VerifiedProgram v = Verifier.verify(BenchData.program(id));
    interpreter = BpfInterpreter.of(v);
    jit = BenchData.steadyJit(v, d);
  }

  private static int loop(PacketFilter f, BenchData d) {
    int matched = 0;
    for (int i = 0; i < d.count; i++) {
      if (f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
        matched++;
      }
    }
    return matched;
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int interpreter() {
    return loop(interpreter, d);
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int jit() {
    return loop(jit, d);
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int jitBulk() {
    return jit.count(d.data, d.offsets, d.caplens, d.wirelens, d.count);
  }

  /**
   * The packets as views of one direct buffer, made (and the JIT's buffer class switched in) only
   * for {@link #jitDirect}.
   */
  @State(Scope.Benchmark)
  public static class DirectPackets {
    ByteBuffer[] views;

    /** JMH makes the instance. */
    public DirectPackets() {}

    @Setup
    public void setup(FilterBenchmark b) {
      BenchData d = b.d;
      views = d.views(ByteBuffer.allocateDirect(d.data.length).put(d.data).flip());
      settleBuffers(d, (JitFilter) b.jit, views);
    }
  }

  /**
   * Runs {@code views} through {@code f} until its buffer class has taken over, then a second more:
   * HotSpot compiles a large buffer class well after its switch (the first second of 184u's ran
   * 8-12x its array class's time against 1.5x in a JVM of its own).
   */
  static void settleBuffers(BenchData d, JitFilter f, ByteBuffer[] views) {
    d.steadyBuffers(f, views);
    long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < settled) {
      d.count(f, views);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int jitDirect(DirectPackets direct) {
    return d.count(jit, direct.views);
  }

  /**
   * The packets in one native memory segment, each at its 64-bit offset, made (and the JIT's buffer
   * class switched in, over views of that segment) only for {@link #jitSegment}.
   */
  @State(Scope.Benchmark)
  public static class SegmentPackets {
    Object packets;
    long[] offsets;

    /** JMH makes the instance. */
    public SegmentPackets() {}

    @Setup
    public void setup(FilterBenchmark b) {
      if (!SegmentCalls.available()) {
        throw new IllegalStateException(
            "jitSegment needs JDK 22 or later with bpfjit-segments on the class path");
      }
      BenchData d = b.d;
      Object segment = SegmentCalls.nativeCopy(d.data);
      packets = SegmentCalls.packets(segment);
      offsets = new long[d.count];
      for (int i = 0; i < d.count; i++) {
        offsets[i] = d.offsets[i];
      }
      settleBuffers(d, (JitFilter) b.jit, d.views(SegmentCalls.view(segment)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int jitSegment(SegmentPackets segment) {
    int matched = 0;
    for (int i = 0; i < d.count; i++) {
      if (SegmentCalls.apply(segment.packets, jit, segment.offsets[i], d.caplens[i], d.wirelens[i])
          != 0) {
        matched++;
      }
    }
    return matched;
  }
}
