package io.bpfjit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's grouped summary, legend, charts and sortable table, from made-up rows. */
class ReportWriterTest {
  private static ReportRow row(String id, String expr, int insns, double interp, double bulk) {
    ReportRow r = new ReportRow();
    r.id = id;
    r.expr = expr;
    r.insns = insns;
    r.bytecodeBytes = 10 * insns;
    r.methods = 1 + insns / 100;
    r.largestMethod = 500;
    r.compileMicros = 40 + insns;
    r.exprMicros = 2 + insns / 10.0;
    r.interpreterNs = interp;
    r.jitNs = bulk + 1;
    r.jitBulkNs = bulk;
    r.matches = 7;
    r.expectedMatches = 7;
    return r;
  }

  private static final ReportMain.Settings SETTINGS =
      new ReportMain.Settings("quick", 0, 2, 100, 3, 100);

  private static List<ReportRow> rows() {
    ReportRow port = row("056", "port 80", 24, 40, 8);
    port.baselineNs = 10;
    port.pcap4jNs = 500;
    port.jitDirectNs = 11.7;
    port.jitSegmentNs = 16.2;
    ReportRow ip = row("001", "ip", 4, 20, 5);
    ip.jitDirectNs = 7.5; // measured on JDK 17: no segment figure
    return List.of(
        ip,
        port,
        row(
            "184u",
            "host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3 or host 10.0.0.4",
            8938,
            9000,
            1500),
        row("t001u", "tcp[13] & 2 != 0 | 1", 20, 30, 10));
  }

  @Test
  void summaryIsGroupedAndFigured() {
    List<ReportWriter.Section> s = ReportWriter.summary(rows(), Map.of(), "pcap4j 1.8.2");
    assertEquals(
        List.of(
            "Headline",
            "Large programs (1,000 instructions and more)",
            "Against hand-written Java (the ceiling)",
            "Input kinds (the JIT per packet: packets in one byte[], views of one direct"
                + " buffer, or one native memory segment where measured, read in place)",
            "Against libpcap through pcap4j (what Java users call today)"),
        s.stream().map(ReportWriter.Section::title).toList());
    // speedups 4, 5, 6, 3: median 4.5, min 3, max 6, one below 3x? none (3.0 is not below 3)
    assertEquals(
        "4 filters; JIT (bulk path) over the interpreter: median 4.5x, min 3.0x, max 6.0x;"
            + " below 3x: 0.",
        s.get(0).lines().get(0));
    assertEquals(
        "Match counts equal libpcap's (expected/bench-mix.tsv) for 4 of 4 filters.",
        s.get(0).lines().get(1));
    assertEquals(
        List.of(
            "184u (8938 insns, 90 methods, largest 500 bytes): interpreter 9000.0 ns,"
                + " JIT 1500.0 ns, 6.0x."),
        s.get(1).lines());
    assertEquals(
        List.of("056 `port 80`: hand-written 10.00 ns, JIT 8.00 ns (JIT/hand-written 0.80)."),
        s.get(2).lines());
    assertEquals(
        List.of(
            "056 `port 80`: byte[] 9.00 ns, direct ByteBuffer 11.70 ns (1.30x),"
                + " memory segment 16.20 ns (1.80x).",
            "001 `ip`: byte[] 6.00 ns, direct ByteBuffer 7.50 ns (1.25x)."),
        s.get(3).lines());
    assertEquals(
        List.of("pcap4j 1.8.2.", "056 `port 80`: pcap4j 500.0 ns, JIT 8.00 ns (63x faster)."),
        s.get(4).lines());
  }

  @Test
  void filesHaveLegendSectionsAndASortableTable(@TempDir Path dir) throws Exception {
    ReportWriter.write(dir, rows(), SETTINGS, Map.of("perPacketCallSite", 9.0), "pcap4j 1.8.2");
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("\n## Headline\n"), md);
    assertTrue(md.contains("\n## Every filter\n\nIds: 001-192"), md);
    assertTrue(md.contains("all filters in this one JVM (no forks)"), md);
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<table id=\"filters\">"), html);
    assertTrue(html.contains("<input id=\"q\" type=\"search\">"), html);
    assertTrue(html.contains("t.tHead.addEventListener('click'"), html);
    // the expression with a '|' stays one cell; every row is in the body
    assertTrue(html.contains("<td>tcp[13] &amp; 2 != 0 | 1</td>"), html);
    String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    assertEquals(4, body.split("<tr>", -1).length - 1);
    // the direct-buffer column filled for 001 and 056, the segment column for 056 only
    assertTrue(
        md.contains("| JIT ns/pkt | JIT direct ns/pkt | JIT segment ns/pkt | JIT bulk ns/pkt |"),
        md);
    assertTrue(md.contains("| 9.00 | 11.7 | 16.2 | 8.00 |"), md);
    assertTrue(md.contains("| 6.00 | 7.50 |  | 5.00 |"), md);
    String json = Files.readString(dir.resolve("report.json"));
    assertTrue(
        json.contains("\"jitNs\": 9.000, \"jitDirectNs\": 11.700, \"jitSegmentNs\": 16.200,"),
        json);
    assertTrue(json.contains("\"jitDirectNs\": 7.500, \"jitSegmentNs\": null,"), json);
    assertTrue(json.contains("\"jitDirectNs\": null, \"jitSegmentNs\": null,"), json);
    assertEquals(
        16,
        html.substring(html.indexOf("<thead>"), html.indexOf("</thead>")).split("<th ", -1).length
            - 1);
    assertTrue(Files.size(dir.resolve("speedup.png")) > 1000);
  }

  @Test
  void fromColdFiguresGetASectionAndAChart(@TempDir Path dir) throws Exception {
    Map<String, Double> ms = new java.util.LinkedHashMap<>();
    ms.put("jit", 291.0);
    ms.put("jit-untiered", 1260.0);
    ms.put("interpreter", 297.0);
    ms.put("pcap4j", Double.NaN);
    Map<String, Double> first = new java.util.LinkedHashMap<>();
    first.put("jit", 41.5);
    first.put("jit-untiered", 830.0);
    first.put("interpreter", 40.25);
    first.put("pcap4j", Double.NaN);
    ColdFigures cold =
        ColdFigures.of(
            List.of(
                new ColdFigures.Job("184u", "host 10.0.0.1 or host 10.0.7.14", 8938, ms, first)),
            "184u",
            List.of(
                new ColdFigures.Curve(
                    "jit", List.of(new double[] {100, 13000}, new double[] {200, 2300}))));
    ReportWriter.write(dir, rows(), SETTINGS, Map.of(), "pcap4j 1.8.2", cold);
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(
        md.contains(
            "- 184u `host 10.0.0.1 or host 10.0.7.14` (8,938 insns): JIT 291.0 ms, JIT without"
                + " tiering 1,260.0 ms, interpreter 297.0 ms, pcap4j n/a (JIT/interpreter 0.98);"
                + " the first packet's verdict (parse, verify, compile, one packet) after 41.5 ms,"
                + " 830.0 ms, 40.3 ms, n/a."),
        md);
    assertTrue(
        md.contains(
            "- 184u, jit: steady state (nine in ten 100 ms windows within 1.25× of its final"
                + " 2,300.0 ns a packet) from 200 ms after the compile started."),
        md);
    assertTrue(md.contains("![warm-up curve](warmup.png)"), md);
    assertTrue(Files.size(dir.resolve("warmup.png")) > 1000);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("alt=\"warm-up curve\""));
  }

  @Test
  void steadyStateIsReachedWhenNineInTenLaterWindowsAreNearTheFinalSpeed() {
    List<double[]> points = new java.util.ArrayList<>();
    double[] ns = {13000, 9000, 2400, 2300, 9000, 2300, 2350, 2300, 2250, 2300, 2300, 2300};
    for (int i = 0; i < ns.length; i++) {
      points.add(new double[] {100 * (i + 1), ns[i]});
    }
    ColdFigures.Curve c = new ColdFigures.Curve("jit", points);
    assertEquals(2300, c.finalNs());
    // 2,400 at 300 ms is within 1.25x and so are 9 of the 10 windows from there (one spike)
    assertEquals(300, c.steadyFromMs());
    points.set(6, new double[] {700, 9000});
    // two spikes after 300 ms: 8 of 10; from 400 ms, 7 of 9; from 600 ms, 6 of 7 is not enough
    // either; from 800 ms on, all
    assertEquals(800, new ColdFigures.Curve("jit", points).steadyFromMs());
  }
}
