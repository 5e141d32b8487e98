package io.bpfjit.segments;

import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureReader;
import io.bpfjit.capture.internal.SampleTraffic;
import io.bpfjit.expr.FilterCompiler;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * ns/packet of the JIT over the same packets held as a user holds them: one {@code byte[]} ({@code
 * array}), a direct buffer's per-packet views ({@code direct}) or the buffer itself at absolute
 * indices ({@code directAt}), a native segment filtered per packet ({@code segment}: {@link
 * SegmentPackets#apply}) or as a batch ({@code segmentBatch}: {@link SegmentPackets#count}).
 * {@value #PACKETS} generated frames (the capture module's sample traffic: Ethernet with IPv4/IPv6,
 * TCP/UDP/ICMP, ARP); one kind and one filter per fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SegmentBenchmark {
  static final int PACKETS = 4096;

  @Param({"ip", "tcp port 80"})
  public String expression;

  @Param({"array", "direct", "directAt", "segment", "segmentBatch"})
  public String input;

  private byte[] data;
  private int[] offsets;
  private long[] longOffsets;
  private int[] caplens;
  private ByteBuffer[] buffers;
  private ByteBuffer direct;
  private MemorySegment segment;
  private SegmentPackets packets;
  private JitFilter jit;

  /** JMH makes the instance. */
  public SegmentBenchmark() {}

  @Setup
  public void setup() throws IOException {
    Path file = Files.createTempFile("segment-bench", ".pcap");
    SampleTraffic.write(file, PACKETS, 7);
    offsets = new int[PACKETS];
    longOffsets = new long[PACKETS];
    caplens = new int[PACKETS];
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    try (CaptureReader r = CaptureReader.open(file)) {
      for (int i = 0; i < PACKETS && r.next(); i++) {
        offsets[i] = all.size();
        longOffsets[i] = all.size();
        caplens[i] = r.caplen();
        all.write(r.buffer(), r.offset(), r.caplen());
      }
    } finally {
      Files.delete(file);
    }
    data = all.toByteArray();
    segment = Arena.global().allocate(data.length);
    MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, data.length);
    packets = SegmentPackets.of(segment);
    direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
    buffers = new ByteBuffer[PACKETS];
    for (int i = 0; i < PACKETS; i++) {
      buffers[i] = direct.duplicate().limit(offsets[i] + caplens[i]).position(offsets[i]);
    }
    VerifiedProgram v = Verifier.verify(FilterCompiler.compile(expression));
    jit = BpfJit.compile(v).startWarmUp();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // until the warm-ups have ended (a buffer class is warmed up only once the class runs)
    while (!jit.warmUpEnded()
        || !input.equals("array") && jit.runsGeneratedCode() && !jit.bufferWarmUpEnded()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no end of the warm-up: " + jit);
      }
      run();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public int run() {
    int matched = 0;
    switch (input) {
      case "array" -> {
        for (int i = 0; i < PACKETS; i++) {
          matched += jit.apply(data, offsets[i], caplens[i], caplens[i]) != 0 ? 1 : 0;
        }
      }
      case "direct" -> {
        for (int i = 0; i < PACKETS; i++) {
          matched += jit.apply(buffers[i], caplens[i]) != 0 ? 1 : 0;
        }
      }
      case "directAt" -> {
        for (int i = 0; i < PACKETS; i++) {
          matched += jit.apply(direct, offsets[i], caplens[i], caplens[i]) != 0 ? 1 : 0;
        }
      }
      case "segment" -> {
        for (int i = 0; i < PACKETS; i++) {
          matched += packets.apply(jit, longOffsets[i], caplens[i], caplens[i]) != 0 ? 1 : 0;
        }
      }
      default -> matched = packets.count(jit, longOffsets, caplens, caplens, PACKETS);
    }
    return matched;
  }
}
