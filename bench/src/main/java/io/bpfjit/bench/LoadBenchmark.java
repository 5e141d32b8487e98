package io.bpfjit.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JIT's choice for multi-byte packet loads: a {@code static final} big-endian VarHandle view
 * against composing bytes. Each op reads {@code ldh [12]}, {@code ld [26]}, {@code ld [30]} of
 * every bench-mix packet long enough.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadBenchmark {
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private BenchData d;

  @Setup
  public void setup() {
    d = BenchData.packets("bench-mix.pcap");
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int varHandle() {
    int acc = 0;
    for (int i = 0; i < d.count; i++) {
      if (d.caplens[i] >= 34) {
        int o = d.offsets[i];
        acc +=
            ((short) SHORT_BE.get(d.data, o + 12) & 0xffff)
                ^ (int) INT_BE.get(d.data, o + 26)
                ^ (int) INT_BE.get(d.data, o + 30);
      }
    }
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int byteComposition() {
    int acc = 0;
    byte[] p = d.data;
    for (int i = 0; i < d.count; i++) {
      if (d.caplens[i] >= 34) {
        int o = d.offsets[i];
        acc +=
            ((p[o + 12] & 0xff) << 8 | p[o + 13] & 0xff)
                ^ Baselines.u32(p, o + 26)
                ^ Baselines.u32(p, o + 30);
      }
    }
    return acc;
  }
}
