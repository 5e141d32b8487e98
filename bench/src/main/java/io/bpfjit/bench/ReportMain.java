package io.bpfjit.bench;

import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.FilterCompiler;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import io.bpfjit.jit.JitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The per-filter report: {@code report quick|full [--out DIR]}. Measures compile time and bytecode
 * size in this JVM, then runs the JMH benchmarks (interpreter, JIT per packet, JIT bulk, baselines,
 * pcap4j where libpcap is installed, the megamorphic case) and writes report.json, report.md and a
 * self-contained report.html with charts. Exit 1 if any row is incomplete.
 */
public final class ReportMain {
  /** Quick mode: representative programs, small to largest. */
  static final List<String> QUICK =
      List.of(
          "001", "002", "003", "005", "006", "007", "056", "056u", "076", "083", "118", "134",
          "160", "t001", "t050", "186", "189", "184", "184u");

  /** JMH settings of a mode. */
  record Settings(
      String mode, int forks, int warmups, int warmupMs, int iterations, int iterationMs) {}

  private ReportMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "quick";
    Path out = Path.of("bench/reports/" + mode);
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else {
        System.err.println("report: unknown argument " + args[i]);
        System.exit(2);
      }
    }
    Settings s =
        switch (mode) {
          case "quick" -> new Settings("quick", 1, 2, 200, 3, 200);
          case "full" -> new Settings("full", 0, 2, 100, 3, 100);
          default -> {
            System.err.println("report: mode is quick or full, not " + mode);
            System.exit(2);
            yield null;
          }
        };
    Path corpus = BenchData.corpus().toAbsolutePath().normalize();
    if (!Files.isDirectory(corpus.resolve("programs"))) {
      System.err.println(
          "report: corpus not found at "
              + corpus
              + " (set -Dbpfjit.corpus, or bpfjit report --corpus)");
      System.exit(2);
    }
    System.setProperty("bpfjit.corpus", corpus.toString());
    Map<String, ReportRow> rows = staticFigures(s.mode().equals("quick") ? QUICK : null);
    List<String> ids = new ArrayList<>(rows.keySet());
    System.out.println("report: " + ids.size() + " programs, JMH " + s);
    for (RunResult r : jmh(s, corpus, "FilterBenchmark\\.(interpreter|jit|jitBulk)$", ids)) {
      ReportRow row = rows.get(r.getParams().getParam("id"));
      double score = r.getPrimaryResult().getScore();
      switch (r.getParams().getBenchmark().replaceAll(".*\\.", "")) {
        case "interpreter" -> row.interpreterNs = score;
        case "jit" -> row.jitNs = score;
        default -> row.jitBulkNs = score;
      }
    }
    // Direct-buffer input for the quick set only: a fourth benchmark for all 844 would add a third
    // to the full report's time.
    List<String> directIds = new ArrayList<>(QUICK);
    directIds.retainAll(ids);
    for (RunResult r : jmh(s, corpus, "FilterBenchmark\\.jitDirect$", directIds)) {
      rows.get(r.getParams().getParam("id")).jitDirectNs = r.getPrimaryResult().getScore();
    }
    // ... and from a native memory segment, where this JVM can (JDK 22+, the segments module)
    if (SegmentCalls.available()) {
      for (RunResult r : jmh(s, corpus, "FilterBenchmark\\.jitSegment$", directIds)) {
        rows.get(r.getParams().getParam("id")).jitSegmentNs = r.getPrimaryResult().getScore();
      }
    } else {
      System.out.println(
          "report: no memory-segment column (needs JDK 22 or later and the segments module: run"
              + " the report with JAVA_HOME set to such a JDK)");
    }
    List<String> baselineIds = new ArrayList<>(List.of("001", "006", "056", "083", "160", "184"));
    baselineIds.retainAll(ids);
    for (RunResult r : jmh(s, corpus, "BaselineBenchmark", baselineIds)) {
      rows.get(r.getParams().getParam("id")).baselineNs = r.getPrimaryResult().getScore();
    }
    String pcap4jNote;
    if (Pcap4jSupport.library() != null) {
      List<String> pcapIds = new ArrayList<>(List.of("001", "006", "056", "083", "160", "184"));
      pcapIds.retainAll(ids);
      for (RunResult r : jmh(s, corpus, "Pcap4jBenchmark", pcapIds)) {
        rows.get(r.getParams().getParam("id")).pcap4jNs = r.getPrimaryResult().getScore();
      }
      pcap4jNote = "pcap4j 1.8.2 over " + Pcap4jSupport.library();
    } else {
      pcap4jNote = "pcap4j not measured: libpcap is not installed";
      System.out.println("report: " + pcap4jNote);
    }
    Map<String, Double> mega = new LinkedHashMap<>();
    for (RunResult r : jmh(s, corpus, "MegamorphicBenchmark", List.of())) {
      mega.put(
          r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getPrimaryResult().getScore());
    }
    List<String> coldIds =
        s.mode().equals("quick")
            ? List.of("056", "184")
            : List.of("056", "184", "189u", "186u", "184u");
    List<String[]> coldPrograms = new ArrayList<>();
    for (String[] f : BenchData.index()) {
      if (coldIds.contains(f[0])) {
        coldPrograms.add(f);
      }
    }
    ColdFigures cold =
        ColdFigures.measure(
            coldPrograms,
            Pcap4jSupport.library() != null,
            "184u",
            s.mode().equals("quick") ? 3 : 5);
    List<ReportRow> list = new ArrayList<>(rows.values());
    ReportWriter.write(out, list, s, mega, pcap4jNote, cold);
    long incomplete = list.stream().filter(r -> !r.complete()).count();
    System.out.println(
        "report: wrote "
            + out.toAbsolutePath()
            + " ("
            + list.size()
            + " rows, "
            + incomplete
            + " incomplete)");
    System.exit(incomplete == 0 ? 0 : 1);
  }

  /** Compile time, bytecode size and match count per program, measured in this JVM. */
  static Map<String, ReportRow> staticFigures(List<String> only) throws Exception {
    Map<String, Long> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(BenchData.corpus().resolve("expected/bench-mix.tsv"))) {
      String[] f = line.split("\t");
      if (!line.startsWith("#") && f.length >= 3) {
        expected.put(f[0], Long.parseLong(f[2]));
      }
    }
    BenchData d = BenchData.packets("bench-mix.pcap");
    // Warm the compiler itself (ASM, the JIT's own code) before timing any compile.
    VerifiedProgram warm = Verifier.verify(BenchData.program("056u"));
    JitOptions generateNow = JitOptions.defaults().withTiering(false); // compile = generation
    for (int i = 0; i < 2000; i++) {
      BpfJit.compile(warm, generateNow);
    }
    // ... and the expression compiler.
    for (int i = 0; i < 2000; i++) {
      FilterCompiler.compile("tcp and (dst port 80 or dst port 443) and not host 10.0.0.1");
    }
    Map<String, ReportRow> rows = new LinkedHashMap<>();
    for (String[] f : BenchData.index()) {
      if (only != null && !only.contains(f[0])) {
        continue;
      }
      ReportRow r = new ReportRow();
      r.id = f[0];
      r.expr = f[1];
      r.insns = Integer.parseInt(f[2]);
      VerifiedProgram v = Verifier.verify(BenchData.program(r.id));
      JitFilter jit = null;
      long[] times = new long[r.insns > 1000 ? 5 : 21];
      for (int i = 0; i < times.length; i++) {
        long t = System.nanoTime();
        jit = BpfJit.compile(v, generateNow);
        times[i] = System.nanoTime() - t;
      }
      Arrays.sort(times);
      r.compileMicros = times[times.length / 2] / 1000.0;
      r.exprMicros = exprMicros(r.expr, f[4].equals("1"), times.length);
      r.bytecodeBytes = jit.methodSizes().values().stream().mapToInt(Integer::intValue).sum();
      r.methods = jit.methodSizes().size();
      r.largestMethod = jit.largestMethodSize();
      r.matches = jit.count(d.data, d.offsets, d.caplens, d.wirelens, d.count);
      r.expectedMatches = expected.getOrDefault(r.id, -1L);
      rows.put(r.id, r);
    }
    return rows;
  }

  /**
   * Median µs of compiling {@code expr} to a program ({@link FilterCompiler}, Ethernet), which must
   * give the corpus program; NaN when it does not.
   */
  static double exprMicros(String expr, boolean optimize, int n) {
    CompileOptions options = CompileOptions.defaults().withOptimize(optimize);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      FilterCompiler.compile(expr, options);
      times[i] = System.nanoTime() - t;
    }
    Arrays.sort(times);
    return times[n / 2] / 1000.0;
  }

  static Collection<RunResult> jmh(Settings s, Path corpus, String include, List<String> ids)
      throws Exception {
    if (ids.isEmpty() && !include.startsWith("Megamorphic")) {
      return List.of();
    }
    List<String> forkArgs = new ArrayList<>(List.of("-Dbpfjit.corpus=" + corpus));
    if (Runtime.version().feature() >= 24) {
      // JMH reads field offsets through sun.misc.Unsafe, which JDK 24+ warns of in every fork
      forkArgs.add("--sun-misc-unsafe-memory-access=allow");
    }
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(include)
            .forks(s.forks())
            .warmupIterations(s.warmups())
            .warmupTime(TimeValue.milliseconds(s.warmupMs()))
            .measurementIterations(s.iterations())
            .measurementTime(TimeValue.milliseconds(s.iterationMs()))
            .jvmArgsAppend(forkArgs.toArray(new String[0]))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
    if (!ids.isEmpty()) {
      o = o.param("id", ids.toArray(new String[0]));
    }
    System.out.println("report: JMH " + include + " x " + Math.max(1, ids.size()));
    return new Runner(o.build()).run();
  }
}
