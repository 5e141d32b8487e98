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
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * What Java users do today: pcap4j's {@code BpfProgram.applyFilter} (JNA into libpcap's {@code
 * bpf_filter}) per packet, each packet its own array. Needs libpcap ({@link Pcap4jSupport}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class Pcap4jBenchmark {
  @Param({"001", "056", "184"})
  public String id;

  private byte[][] packets;
  private BpfProgram program;

  @Setup
  public void setup() throws Exception {
    Pcap4jSupport.configure();
    BenchData d = BenchData.packets("bench-mix.pcap");
    packets = new byte[d.count][];
    for (int i = 0; i < d.count; i++) {
      packets[i] = java.util.Arrays.copyOfRange(d.data, d.offsets[i], d.offsets[i] + d.caplens[i]);
    }
    program =
        Pcaps.compileFilter(
            262144,
            DataLinkType.EN10MB,
            BenchData.expressions().get(id),
            BpfCompileMode.OPTIMIZE,
            (java.net.Inet4Address) java.net.InetAddress.getByName("255.255.255.255"));
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int pcap4j() {
    int matched = 0;
    for (byte[] p : packets) {
      if (program.applyFilter(p)) {
        matched++;
      }
    }
    return matched;
  }
}
