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

  /** One program's short job: ms per engine (NaN where not measured). */
  record Job(String id, String expr, int insns, Map<String, Double> ms) {}

  /** One engine's warm-up curve: (ms since start, ns per packet in the window before it). */
  record Curve(String engine, List<double[]> points) {}

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
      for (String engine : ENGINES) {
        double best = Double.NaN;
        if (pcap4j || !engine.equals("pcap4j")) {
          for (int run = 0; run < 3; run++) {
            String[] words = run(engine, p[0]).get(0).split(" ");
            double t = Double.parseDouble(words[2]);
            best = Double.isNaN(best) ? t : Math.min(best, t);
          }
        }
        ms.put(engine, best);
      }
      jobs.add(new Job(p[0], p[1], Integer.parseInt(p[2]), ms));
      System.out.println("report: from cold " + p[0] + " " + ms);
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
    cmd.add(System.getProperty("java.class.path"));
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
                  + " (JIT/interpreter %.2f).",
              j.id(),
              j.expr().length() > 40 ? j.expr().substring(0, 37) + "..." : j.expr(),
              j.insns(),
              ms(j.ms().get("jit")),
              ms(j.ms().get("jit-untiered")),
              ms(j.ms().get("interpreter")),
              ms(j.ms().get("pcap4j")),
              j.ms().get("jit") / j.ms().get("interpreter")));
    }
    return out;
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.1f ms", v);
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
