package io.bpfjit.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart into PNG bytes. */
final class Charts {
  private Charts() {}

  /** Speedup (interpreter / JIT bulk) per filter, sorted. */
  static byte[] speedups(List<ReportRow> rows) throws IOException {
    List<ReportRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(ReportRow::speedup));
    CategoryChart c =
        new CategoryChartBuilder()
            .width(1100)
            .height(450)
            .title("JIT speedup over the interpreter, per filter (bench-mix.pcap)")
            .xAxisTitle("filter (sorted)")
            .yAxisTitle("interpreter ns / JIT ns")
            .build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisTicksVisible(sorted.size() <= 40);
    c.getStyler().setXAxisLabelRotation(90);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (ReportRow r : sorted) {
      x.add(r.id);
      y.add(r.speedup());
    }
    c.addSeries("speedup", x, y);
    return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
  }

  /** ns/packet against program size, both engines, log-log. */
  static byte[] nsVersusSize(List<ReportRow> rows) throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(1100)
            .height(450)
            .title("ns per packet against program size")
            .xAxisTitle("instructions")
            .yAxisTitle("ns / packet")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.getStyler().setMarkerSize(6);
    List<Double> x = new ArrayList<>();
    List<Double> yi = new ArrayList<>();
    List<Double> yj = new ArrayList<>();
    for (ReportRow r : rows) {
      x.add((double) r.insns);
      yi.add(r.interpreterNs);
      yj.add(r.jitBulkNs);
    }
    c.addSeries("interpreter", x, yi).setMarker(SeriesMarkers.CIRCLE);
    c.addSeries("JIT (bulk)", x, yj).setMarker(SeriesMarkers.DIAMOND);
    return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
  }
}
