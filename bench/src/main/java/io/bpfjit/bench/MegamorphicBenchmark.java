package io.bpfjit.bench;

import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
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
 * Eight compiled filters through one call site ({@code f.apply} sees eight classes: megamorphic)
 * against the same eight filters' bulk loops, which run inside each generated class. ns per
 * (packet, filter).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MegamorphicBenchmark {
  static final String[] IDS = {"001", "002", "003", "005", "006", "007", "056", "160"};

  private BenchData d;
  private PacketFilter[] filters;

  @Setup
  public void setup() {
    d = BenchData.packets("bench-mix.pcap");
    filters = new PacketFilter[IDS.length];
    for (int i = 0; i < IDS.length; i++) {
      filters[i] = BenchData.steadyJit(Verifier.verify(BenchData.program(IDS[i])), d);
    }
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS * 8)
  public int perPacketCallSite() {
    int matched = 0;
    for (int i = 0; i < d.count; i++) {
      for (PacketFilter f : filters) {
        if (f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
          matched++;
        }
      }
    }
    return matched;
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS * 8)
  public int bulkPerFilter() {
    int matched = 0;
    for (PacketFilter f : filters) {
      matched += f.count(d.data, d.offsets, d.caplens, d.wirelens, d.count);
    }
    return matched;
  }
}
