package io.bpfjit.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart into PNG bytes. */
final class Charts {
  private Charts() {}

  /**
   * Speedup (interpreter / JIT bulk) per filter, sorted, on a logarithmic axis (a linear one
   * squashes the median of a few x under the largest programs' 100x and more), with the median.
   */
  static byte[] speedups(List<ReportRow> rows) throws IOException {
    List<ReportRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(ReportRow::speedup));
    double median = ReportWriter.median(sorted.stream().map(ReportRow::speedup).toList());
    XYChart c =
        new XYChartBuilder()
            .width(1100)
            .height(450)
            .title("JIT speedup over the interpreter, per filter (bench-mix.pcap; log scale)")
            .xAxisTitle("filters, sorted by speedup")
            .yAxisTitle("interpreter ns / JIT bulk ns")
            .build();
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setYAxisMin(1.0); // decades from 1x: 1, 10, 100 labelled
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.getStyler().setMarkerSize(4);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      x.add((double) (i + 1));
      y.add(sorted.get(i).speedup());
    }
    c.addSeries("speedup", x, y).setMarker(SeriesMarkers.CIRCLE);
    if (!x.isEmpty()) {
      c.addSeries(
              String.format(java.util.Locale.ROOT, "median %.1fx", median),
              List.of(1.0, (double) sorted.size()),
              List.of(median, median))
          .setMarker(SeriesMarkers.NONE);
    }
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
