package io.bpfjit.bench;

import io.bpfjit.BpfProgram;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.FilterCompiler;
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
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * µs from expression to program, unoptimised and optimised, side by side in one run: bpfjit's
 * {@link FilterCompiler} and libpcap's {@code pcap_compile} (through pcap4j, JNA, which adds about
 * a µs per call; {@code bench/expr-compile-compare.sh} also times libpcap in a C loop). Corpus ids:
 * 001 {@code ip}, 056 {@code port 80}, 076 {@code tcp and (dst port …)}, 118 protochain, 184 300
 * hosts, 189 240 ether hosts, 188 60 ports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ExprCompileBenchmark {
  @Param({"001", "056", "076", "118", "184", "188", "189"})
  public String id;

  @Param({"false", "true"})
  public boolean optimize;

  private String expression;
  private CompileOptions options;

  @Setup
  public void setup() {
    Pcap4jSupport.configure();
    expression = BenchData.expressions().get(id);
    options = CompileOptions.defaults().withOptimize(optimize);
  }

  @Benchmark
  public BpfProgram bpfjit() {
    return FilterCompiler.compile(expression, options);
  }

  @Benchmark
  public org.pcap4j.core.BpfProgram libpcap() throws Exception {
    org.pcap4j.core.BpfProgram p =
        Pcaps.compileFilter(
            262144,
            DataLinkType.EN10MB,
            expression,
            optimize ? BpfCompileMode.OPTIMIZE : BpfCompileMode.NONOPTIMIZE,
            (java.net.Inet4Address) java.net.InetAddress.getByAddress(new byte[4]));
    p.free();
    return p;
  }
}
