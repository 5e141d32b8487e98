package io.bpfjit.bench;

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

/** ns/packet of the hand-written Java baselines over bench-mix. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BaselineBenchmark {
  @Param({"001", "006", "056", "083", "160", "184"})
  public String id;

  private BenchData d;
  private Baselines.Predicate baseline;

  @Setup
  public void setup() {
    d = BenchData.packets("bench-mix.pcap");
    baseline = Baselines.forCorpus(BenchData.expressions()).get(id);
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int baseline() {
    int matched = 0;
    for (int i = 0; i < d.count; i++) {
      if (baseline.test(d.data, d.offsets[i], d.caplens[i])) {
        matched++;
      }
    }
    return matched;
  }
}
