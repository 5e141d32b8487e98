package io.bpfjit.bench;

import io.bpfjit.BpfProgram;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.FilterCompiler;

/**
 * One round of {@code bench/expr-compile-alternate.sh}: in a fresh JVM, compiles an expression over
 * and over for the warm-up, then for the measured time, and prints the mean µs per compile.
 *
 * <pre>
 * ExprCompileLoop EXPRESSION OPTIMIZE WARMUP_SECONDS MEASURE_SECONDS
 * </pre>
 */
public final class ExprCompileLoop {
  private ExprCompileLoop() {}

  /** Where the compiled programs go, so that the JVM cannot drop the compiles as unused. */
  @SuppressWarnings("unused")
  private static volatile BpfProgram sink;

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println(
          "usage: ExprCompileLoop EXPRESSION OPTIMIZE WARMUP_SECONDS MEASURE_SECONDS");
      System.exit(2);
    }
    String expression = args[0];
    CompileOptions options = CompileOptions.defaults().withOptimize(Boolean.parseBoolean(args[1]));
    long warmUp = (long) (Double.parseDouble(args[2]) * 1e9);
    long measure = (long) (Double.parseDouble(args[3]) * 1e9);
    long end = System.nanoTime() + warmUp;
    while (System.nanoTime() < end) {
      sink = FilterCompiler.compile(expression, options);
    }
    long start = System.nanoTime();
    end = start + measure;
    long now;
    long compiles = 0;
    do {
      sink = FilterCompiler.compile(expression, options);
      compiles++;
      now = System.nanoTime();
    } while (now < end);
    System.out.printf("%.3f%n", (now - start) / 1e3 / compiles);
  }
}
