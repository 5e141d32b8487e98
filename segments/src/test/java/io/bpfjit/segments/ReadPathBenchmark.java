package io.bpfjit.segments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why a segment costs more than a direct buffer, without a filter in the way: five big-endian
 * {@code int} reads at each of {@value #SPOTS} random offsets of 1 MB, from a {@code byte[]}, an
 * {@code allocateDirect} buffer, a segment's buffer view (how {@link SegmentPackets} reads) and the
 * segment itself through {@code MemorySegment.get} (what a class generated for segments would
 * call), for each kind of arena. ns per 4,096 spots ({@code segments/bench.sh ReadPathBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReadPathBenchmark {
  static final int SPOTS = 4096;
  private static final VarHandle ARRAY_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt SEGMENT_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  @Param({"auto", "global", "confined"})
  public String arena;

  private final byte[] data = new byte[1 << 20];
  private final int[] spots = new int[SPOTS];
  private MemorySegment segment;
  private ByteBuffer segmentView;
  private ByteBuffer direct;

  /** JMH makes the instance. */
  public ReadPathBenchmark() {}

  @Setup
  public void setup() {
    Random random = new Random(1);
    random.nextBytes(data);
    for (int i = 0; i < SPOTS; i++) {
      spots[i] = random.nextInt(data.length - 64);
    }
    Arena a =
        switch (arena) {
          case "global" -> Arena.global();
          case "confined" -> Arena.ofConfined();
          default -> Arena.ofAuto();
        };
    segment = a.allocate(data.length);
    MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, data.length);
    segmentView = segment.asByteBuffer();
    direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
  }

  private static int read(ByteBuffer p, int i) {
    int v = p.getInt(i);
    return p.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
  }

  private static int read(MemorySegment p, int i) {
    return p.get(SEGMENT_INT, i);
  }

  private static int read(byte[] p, int i) {
    return (int) ARRAY_INT.get(p, i);
  }

  @Benchmark
  public int array() {
    int s = 0;
    for (int o : spots) {
      s += read(data, o) ^ read(data, o + 12) ^ read(data, o + 26) ^ read(data, o + 30);
      s ^= read(data, o + 34);
    }
    return s;
  }

  @Benchmark
  public int direct() {
    return buffer(direct);
  }

  @Benchmark
  public int segmentView() {
    return buffer(segmentView);
  }

  private int buffer(ByteBuffer p) {
    int s = 0;
    for (int o : spots) {
      s += read(p, o) ^ read(p, o + 12) ^ read(p, o + 26) ^ read(p, o + 30);
      s ^= read(p, o + 34);
    }
    return s;
  }

  @Benchmark
  public int segment() {
    int s = 0;
    MemorySegment p = segment;
    for (int o : spots) {
      s += read(p, o) ^ read(p, o + 12) ^ read(p, o + 26) ^ read(p, o + 30);
      s ^= read(p, o + 34);
    }
    return s;
  }
}
