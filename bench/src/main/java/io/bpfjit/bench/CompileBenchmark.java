package io.bpfjit.bench;

import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import io.bpfjit.jit.JitOptions;
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

/** µs to compile (generate and define the hidden class; verification excluded). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompileBenchmark {
  @Param({"001", "056", "118", "184", "184u"})
  public String id;

  /** Tiering off: {@code compile} generates and defines the class (what this measures). */
  private static final JitOptions GENERATE_NOW = JitOptions.defaults().withTiering(false);

  private VerifiedProgram program;

  @Setup
  public void setup() {
    program = Verifier.verify(BenchData.program(id));
  }

  @Benchmark
  public JitFilter compile() {
    return BpfJit.compile(program, GENERATE_NOW);
  }
}
