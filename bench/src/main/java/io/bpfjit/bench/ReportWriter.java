package io.bpfjit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes report.json, report.md and report.html (self-contained: charts inlined as PNG). */
final class ReportWriter {
  private ReportWriter() {}

  static void write(
      Path dir,
      List<ReportRow> rows,
      ReportMain.Settings s,
      Map<String, Double> mega,
      String pcap4j)
      throws IOException {
    Files.createDirectories(dir);
    List<ReportRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(ReportRow::speedup).reversed());
    byte[] speedups = Charts.speedups(rows);
    byte[] sizes = Charts.nsVersusSize(rows);
    Files.write(dir.resolve("speedup.png"), speedups);
    Files.write(dir.resolve("ns-vs-size.png"), sizes);
    String machine = machine();
    Files.writeString(dir.resolve("report.json"), json(sorted, s, mega, pcap4j, machine));
    Files.writeString(dir.resolve("report.md"), markdown(sorted, s, mega, pcap4j, machine));
    Files.writeString(
        dir.resolve("report.html"),
        html(markdownTable(sorted), summary(sorted, mega, pcap4j), s, machine, speedups, sizes));
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: keep "unknown CPU"
    }
    return String.format(
        "%s, %d cores, %s %s %s, %s %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("os.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static List<String> summary(List<ReportRow> rows, Map<String, Double> mega, String pcap4j) {
    List<Double> sp = rows.stream().map(ReportRow::speedup).toList();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "Filters: %d; JIT speedup over the interpreter (bulk path):"
                + " median %.1fx, min %.1fx, max %.1fx; below 3x: %d.",
            rows.size(),
            median(sp),
            sp.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
            sp.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
            sp.stream().filter(x -> x < 3).count()));
    List<Double> small = rows.stream().filter(r -> r.insns <= 50).map(r -> r.exprMicros).toList();
    List<Double> large = rows.stream().filter(r -> r.insns > 50).map(r -> r.exprMicros).toList();
    out.add(
        String.format(
            Locale.ROOT,
            "Expression to program (FilterCompiler, in this JVM, median of repeated compiles):"
                + " median %.1f µs for programs of up to 50 instructions, %.1f µs above"
                + " (largest %.0f µs).",
            median(small),
            median(large),
            rows.stream().mapToDouble(r -> r.exprMicros).max().orElse(Double.NaN)));
    for (ReportRow r : rows) {
      if (r.insns >= 1000) {
        out.add(
            String.format(
                Locale.ROOT,
                "Large program %s (%d insns, %d methods, largest %d bytes):"
                    + " interpreter %.1f ns, JIT %.1f ns, %.1fx.",
                r.id,
                r.insns,
                r.methods,
                r.largestMethod,
                r.interpreterNs,
                r.jitBulkNs,
                r.speedup()));
      }
      if (!Double.isNaN(r.baselineNs)) {
        out.add(
            String.format(
                Locale.ROOT,
                "Baseline %s `%s`: hand-written %.2f ns, JIT %.2f ns" + " (JIT/baseline %.2f).",
                r.id,
                r.expr.length() > 40 ? r.expr.substring(0, 40) + "..." : r.expr,
                r.baselineNs,
                r.jitBulkNs,
                r.jitBulkNs / r.baselineNs));
      }
      if (!Double.isNaN(r.pcap4jNs)) {
        out.add(
            String.format(
                Locale.ROOT,
                "pcap4j %s: %.1f ns vs JIT %.2f ns (%.0fx).",
                r.id,
                r.pcap4jNs,
                r.jitBulkNs,
                r.pcap4jNs / r.jitBulkNs));
      }
    }
    out.add(pcap4j + ".");
    if (!mega.isEmpty()) {
      out.add(
          String.format(
              Locale.ROOT,
              "Megamorphic: 8 filters through one call site %.2f ns per"
                  + " (packet, filter); the same filters' bulk loops %.2f ns.",
              mega.getOrDefault("perPacketCallSite", Double.NaN),
              mega.getOrDefault("bulkPerFilter", Double.NaN)));
    }
    long wrong = rows.stream().filter(r -> r.matches != r.expectedMatches).count();
    out.add(
        "Match counts equal libpcap's (expected/bench-mix.tsv) for "
            + (rows.size() - wrong)
            + " of "
            + rows.size()
            + " filters.");
    return out;
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  static String markdownTable(List<ReportRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| id | expression | insns | expr→program µs | bytecode B | methods | compile µs |"
            + " interpreter ns/pkt | JIT ns/pkt | JIT bulk ns/pkt | speedup | baseline ns/pkt |"
            + " pcap4j ns/pkt | matches |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ReportRow r : rows) {
      String e = r.expr.replace("|", "\\|");
      if (e.length() > 60) {
        e = e.substring(0, 57) + "...";
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | `%s` | %d | %s | %d | %d | %.0f | %s | %s | %s | %.1fx | %s | %s | %d |%n",
              r.id,
              e,
              r.insns,
              fmt(r.exprMicros),
              r.bytecodeBytes,
              r.methods,
              r.compileMicros,
              fmt(r.interpreterNs),
              fmt(r.jitNs),
              fmt(r.jitBulkNs),
              r.speedup(),
              fmt(r.baselineNs),
              fmt(r.pcap4jNs),
              r.matches));
    }
    return sb.toString();
  }

  static String markdown(
      List<ReportRow> rows,
      ReportMain.Settings s,
      Map<String, Double> mega,
      String pcap4j,
      String machine) {
    StringBuilder sb = new StringBuilder();
    sb.append("# bpfjit per-filter report (").append(s.mode()).append(")\n\n");
    sb.append("Generated ").append(Instant.now()).append(" on ").append(machine).append(".\n");
    sb.append("JMH: ")
        .append(settings(s))
        .append("; ns per packet over the 32,768 packets of")
        .append(" `bench-mix.pcap`. Speedup = interpreter / JIT bulk.\n\n");
    for (String line : summary(rows, mega, pcap4j)) {
      sb.append("- ").append(line).append('\n');
    }
    sb.append("\n![speedup](speedup.png)\n\n![ns vs size](ns-vs-size.png)\n\n");
    sb.append(markdownTable(rows));
    return sb.toString();
  }

  static String settings(ReportMain.Settings s) {
    String where =
        s.forks() == 0
            ? "all filters in this one JVM (no forks)"
            : s.forks() == 1
                ? "a fresh JVM (fork) per filter"
                : s.forks() + " fresh JVMs (forks) per filter";
    return String.format(
        "%s, %d x %d ms warm-up, %d x %d ms measurement",
        where, s.warmups(), s.warmupMs(), s.iterations(), s.iterationMs());
  }

  static String html(
      String table,
      List<String> summary,
      ReportMain.Settings s,
      String machine,
      byte[] speedups,
      byte[] sizes) {
    StringBuilder rowsHtml = new StringBuilder();
    for (String line : table.split("\n")) {
      if (line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
      boolean head = rowsHtml.length() == 0;
      rowsHtml.append("<tr>");
      for (String c : cells) {
        String v = escape(c.strip().replace("\\|", "|").replace("`", ""));
        rowsHtml.append(head ? "<th>" : "<td>").append(v).append(head ? "</th>" : "</td>");
      }
      rowsHtml.append("</tr>\n");
    }
    StringBuilder sum = new StringBuilder();
    for (String l : summary) {
      sum.append("<li>").append(escape(l.replace("`", ""))).append("</li>\n");
    }
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>bpfjit report</title>\n"
        + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:"
        + "12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:nth-child(2){"
        + "text-align:left;font-family:monospace}th{background:#eee;position:sticky;top:0}</style>"
        + "</head><body>\n<h1>bpfjit per-filter report ("
        + s.mode()
        + ")</h1>\n<p>"
        + escape(machine)
        + "<br>JMH "
        + escape(settings(s))
        + "</p>\n<ul>"
        + sum
        + "</ul>\n"
        + "<img alt=\"speedup per filter\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(speedups)
        + "\">\n"
        + "<img alt=\"ns per packet against size\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(sizes)
        + "\">\n<table>\n"
        + rowsHtml
        + "</table>\n</body></html>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String json(
      List<ReportRow> rows,
      ReportMain.Settings s,
      Map<String, Double> mega,
      String pcap4j,
      String machine) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"schema\": \"bpfjit-report/1\",\n");
    sb.append("  \"generated\": \"").append(Instant.now()).append("\",\n");
    sb.append("  \"machine\": ").append(str(machine)).append(",\n");
    sb.append("  \"jdk\": ").append(str(System.getProperty("java.runtime.version"))).append(",\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "  \"jmh\": {\"mode\": %s, \"forks\": %d, \"warmupIterations\": %d,"
                + " \"warmupMs\": %d, \"iterations\": %d, \"iterationMs\": %d, \"unit\": \"ns/packet\"},%n",
            str(s.mode()),
            s.forks(),
            s.warmups(),
            s.warmupMs(),
            s.iterations(),
            s.iterationMs()));
    sb.append("  \"pcap4j\": ").append(str(pcap4j)).append(",\n");
    sb.append("  \"megamorphic\": {");
    String sep = "";
    for (Map.Entry<String, Double> e : mega.entrySet()) {
      sb.append(sep).append(str(e.getKey())).append(": ").append(num(e.getValue()));
      sep = ", ";
    }
    sb.append("},\n  \"filters\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      ReportRow r = rows.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "    {\"id\": %s, \"expr\": %s, \"insns\": %d, \"bytecodeBytes\": %d,"
                  + " \"methods\": %d, \"largestMethod\": %d, \"exprMicros\": %s, \"compileMicros\": %s,"
                  + " \"interpreterNs\": %s,"
                  + " \"jitNs\": %s, \"jitBulkNs\": %s, \"speedup\": %s, \"baselineNs\": %s, \"pcap4jNs\": %s,"
                  + " \"matches\": %d, \"libpcapMatches\": %d}%s%n",
              str(r.id),
              str(r.expr),
              r.insns,
              r.bytecodeBytes,
              r.methods,
              r.largestMethod,
              num(r.exprMicros),
              num(r.compileMicros),
              num(r.interpreterNs),
              num(r.jitNs),
              num(r.jitBulkNs),
              num(r.speedup()),
              num(r.baselineNs),
              num(r.pcap4jNs),
              r.matches,
              r.expectedMatches,
              i + 1 < rows.size() ? "," : ""));
    }
    sb.append("  ]\n}\n");
    return sb.toString();
  }

  static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
