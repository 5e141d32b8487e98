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
 * ns/packet of one corpus program over the packets of {@code bench-mix.pcap} held as a user holds
 * them: in one {@code byte[]} ({@code array}), or each a {@code ByteBuffer} view of one direct
 * buffer ({@code direct}: NIO, Netty, a mapped file), or that buffer itself at absolute indices
 * ({@code directAt}: how {@code bpfjit filter} reads a capture), or of read-only heap memory
 * ({@code readOnly}: no accessible array either). Every kind is read in place, none copied; one
 * filter and one kind per JVM (a fork each), so each call site sees one kind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class InputKindBenchmark {
  @Param({"001", "056", "184"})
  public String id;

  @Param({"array", "direct", "directAt", "readOnly"})
  public String input;

  private BenchData d;
  private ByteBuffer[] buffers;
  private ByteBuffer all;
  private PacketFilter interpreter;
  private JitFilter jit;

  @Setup
  public void setup() {
    d = BenchData.packets("bench-mix.pcap");
    VerifiedProgram v = Verifier.verify(BenchData.program(id));
    interpreter = BpfInterpreter.of(v);
    jit = BenchData.steadyJit(v, d);
    if (!input.equals("array")) {
      all =
          input.startsWith("direct")
              ? ByteBuffer.allocateDirect(d.data.length).put(d.data).flip()
              : ByteBuffer.wrap(d.data).asReadOnlyBuffer();
      buffers = d.views(all);
      d.steadyBuffers(jit, buffers);
    }
  }

  private int loop(PacketFilter f) {
    int matched = 0;
    if (input.equals("directAt")) {
      for (int i = 0; i < d.count; i++) {
        if (f.apply(all, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
          matched++;
        }
      }
      return matched;
    }
    if (buffers == null) {
      for (int i = 0; i < d.count; i++) {
        if (f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
          matched++;
        }
      }
      return matched;
    }
    return d.count(f, buffers);
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int interpreter() {
    return loop(interpreter);
  }

  @Benchmark
  @OperationsPerInvocation(FilterBenchmark.PACKETS)
  public int jit() {
    return loop(jit);
  }
}
