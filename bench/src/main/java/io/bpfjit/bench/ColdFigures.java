package io.bpfjit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's "from cold" figures: each measured in fresh JVMs running {@link ShortJob} — the
 * short job per engine (best of three) and the warm-up curve of one large program.
 */
final class ColdFigures {
  static final List<String> ENGINES = List.of("jit", "jit-untiered", "interpreter", "pcap4j");
  static final List<String> CURVE_ENGINES = List.of("jit", "jit-untiered", "interpreter");

  /**
   * One program's short job: ms per engine, and ms from the start to the first packet's verdict
   * (parse, verify, compile, one packet) per engine; NaN where not measured.
   */
  record Job(
      String id, String expr, int insns, Map<String, Double> ms, Map<String, Double> firstMs) {}

  /** One engine's warm-up curve: (ms since start, ns per packet in the window before it). */
  record Curve(String engine, List<double[]> points) {
    /** ns per packet at the end: the median of the last quarter of the windows. */
    double finalNs() {
      List<Double> tail = new ArrayList<>();
      for (int i = points.size() - Math.max(1, points.size() / 4); i < points.size(); i++) {
        tail.add(points.get(i)[1]);
      }
      tail.sort(null);
      return tail.get(tail.size() / 2);
    }

    /**
     * When the engine reached its steady state: the end of the first window from which nine in ten
     * of the windows are within 1.25× of {@link #finalNs} (a collection now and then does not move
     * it); NaN without windows.
     */
    double steadyFromMs() {
      if (points.isEmpty()) {
        return Double.NaN;
      }
      double limit = 1.25 * finalNs();
      int n = points.size();
      int[] within = new int[n + 1];
      for (int i = n - 1; i >= 0; i--) {
        within[i] = within[i + 1] + (points.get(i)[1] <= limit ? 1 : 0);
      }
      for (int i = 0; i < n; i++) {
        if (points.get(i)[1] <= limit && within[i] * 10 >= (n - i) * 9) {
          return points.get(i)[0];
        }
      }
      return points.get(n - 1)[0];
    }
  }

  final List<Job> jobs;
  final String curveId;
  final List<Curve> curves;

  private ColdFigures(List<Job> jobs, String curveId, List<Curve> curves) {
    this.jobs = jobs;
    this.curveId = curveId;
    this.curves = curves;
  }

  /** Figures measured elsewhere (tests). */
  static ColdFigures of(List<Job> jobs, String curveId, List<Curve> curves) {
    return new ColdFigures(jobs, curveId, curves);
  }

  static ColdFigures measure(
      List<String[]> programs, boolean pcap4j, String curveId, double seconds) throws Exception {
    List<Job> jobs = new ArrayList<>();
    for (String[] p : programs) {
      Map<String, Double> ms = new LinkedHashMap<>();
      Map<String, Double> firstMs = new LinkedHashMap<>();
      for (String engine : ENGINES) {
        double best = Double.NaN;
        double bestFirst = Double.NaN;
        if (pcap4j || !engine.equals("pcap4j")) {
          for (int run = 0; run < 3; run++) {
            // "ENGINE ID T ms N matched, first packet at F ms ..."
            String[] words = run(engine, p[0]).get(0).split(" ");
            double t = Double.parseDouble(words[2]);
            double first = Double.parseDouble(words[9]);
            best = Double.isNaN(best) ? t : Math.min(best, t);
            bestFirst = Double.isNaN(bestFirst) ? first : Math.min(bestFirst, first);
          }
        }
        ms.put(engine, best);
        firstMs.put(engine, bestFirst);
      }
      jobs.add(new Job(p[0], p[1], Integer.parseInt(p[2]), ms, firstMs));
      System.out.println("report: from cold " + p[0] + " " + ms + ", first packet " + firstMs);
    }
    List<Curve> curves = new ArrayList<>();
    for (String engine : CURVE_ENGINES) {
      List<double[]> points = new ArrayList<>();
      for (String line : run("curve", engine, curveId, Double.toString(seconds))) {
        String[] f = line.split(" ");
        points.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
      }
      curves.add(new Curve(engine, points));
    }
    return new ColdFigures(jobs, curveId, curves);
  }

  /** Runs ShortJob with {@code args} in a fresh JVM; its output lines. */
  private static List<String> run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    String engine = args[0].equals("curve") ? args[1] : args[0];
    cmd.add(ShortJob.classPathFor(engine, System.getProperty("java.class.path")));
    cmd.add("-Dbpfjit.corpus=" + BenchData.corpus().toAbsolutePath());
    cmd.add(ShortJob.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || out.isBlank()) {
      throw new IOException("ShortJob " + String.join(" ", args) + " failed: " + out);
    }
    return out.lines().toList();
  }

  /** The summary lines: a row per program. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Job j : jobs) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s `%s` (%,d insns): JIT %s, JIT without tiering %s, interpreter %s, pcap4j %s"
                  + " (JIT/interpreter %.2f); the first packet's verdict (parse, verify, compile,"
                  + " one packet) after %s, %s, %s, %s.",
              j.id(),
              j.expr().length() > 40 ? j.expr().substring(0, 37) + "..." : j.expr(),
              j.insns(),
              ms(j.ms().get("jit")),
              ms(j.ms().get("jit-untiered")),
              ms(j.ms().get("interpreter")),
              ms(j.ms().get("pcap4j")),
              j.ms().get("jit") / j.ms().get("interpreter"),
              ms(j.firstMs().get("jit")),
              ms(j.firstMs().get("jit-untiered")),
              ms(j.firstMs().get("interpreter")),
              ms(j.firstMs().get("pcap4j"))));
    }
    for (Curve c : curves) {
      if (!c.points().isEmpty()) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s, %s: steady state (nine in ten 100 ms windows within 1.25× of its final"
                    + " %,.1f ns a packet) from %,.0f ms after the compile started.",
                curveId,
                c.engine(),
                c.finalNs(),
                c.steadyFromMs()));
      }
    }
    return out;
  }

  private static String ms(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, v < 10 ? "%,.2f ms" : "%,.1f ms", v);
  }

  /** ns per packet against time since the compile, per engine, log y. */
  byte[] chart() throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(1100)
            .height(450)
            .title("From cold: " + curveId + ", ns per packet per 100 ms window (fresh JVM; log)")
            .xAxisTitle("ms since compile started")
            .yAxisTitle("ns / packet")
            .build();
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Curve curve : curves) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] p : curve.points()) {
        x.add(p[0]);
        y.add(p[1]);
      }
      if (!x.isEmpty()) {
        c.addSeries(curve.engine(), x, y).setMarker(SeriesMarkers.NONE);
      }
    }
    return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
  }
}
