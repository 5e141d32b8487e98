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
    write(dir, rows, s, mega, pcap4j, null);
  }

  /** As above, with the from-cold figures ({@code cold} may be null: not measured). */
  static void write(
      Path dir,
      List<ReportRow> rows,
      ReportMain.Settings s,
      Map<String, Double> mega,
      String pcap4j,
      ColdFigures cold)
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
    List<Section> sections = new ArrayList<>(summary(sorted, mega, pcap4j));
    byte[] warmup = null;
    if (cold != null) {
      sections.add(new Section(COLD_TITLE, cold.lines()));
      warmup = cold.chart();
      Files.write(dir.resolve("warmup.png"), warmup);
    }
    Files.writeString(dir.resolve("report.md"), markdown(sorted, s, sections, machine, cold));
    Files.writeString(
        dir.resolve("report.html"), html(sorted, sections, s, machine, speedups, sizes, warmup));
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

  /** One group of the summary: a title and its lines. */
  record Section(String title, List<String> lines) {}

  /** What the ids and columns mean. */
  static final String LEGEND =
      "Ids: 001-192 are the corpus's curated expressions, t001-t230 those taken from libpcap's"
          + " compiler tests; a trailing u marks the same expression compiled without libpcap's"
          + " optimiser (tcpdump -O), otherwise the program is tcpdump's optimised one"
          + " (../shared/corpus/programs/ID.bpf). Columns: expr→program µs, the expression"
          + " compiled by bpfjit-expr (median of repeated compiles); compile µs, the JIT's"
          + " generate and define time; ns/pkt, mean time per packet over bench-mix.pcap (JIT:"
          + " one apply call per packet; JIT direct: the same, the packets as views of one"
          + " direct buffer, for the quick report's filters only; JIT segment: the same, the"
          + " packets in one native memory segment, for those filters where the report ran on"
          + " JDK 22 or later; JIT bulk: the generated count loop); speedup,"
          + " interpreter / JIT bulk; baseline, a hand-written Java predicate for the same"
          + " expression (where there is one); pcap4j, libpcap's bpf_filter through JNA;"
          + " matches, packets the filter accepts (equal to libpcap's for every row).";

  /**
   * The summary in groups: the headline, the large programs, against hand-written Java, against
   * libpcap through pcap4j.
   */
  static List<Section> summary(List<ReportRow> rows, Map<String, Double> mega, String pcap4j) {
    List<Double> sp = rows.stream().map(ReportRow::speedup).toList();
    List<String> head = new ArrayList<>();
    head.add(
        String.format(
            Locale.ROOT,
            "%d filters; JIT (bulk path) over the interpreter: median %.1fx, min %.1fx, max %.1fx;"
                + " below 3x: %d.",
            rows.size(),
            median(sp),
            sp.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
            sp.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
            sp.stream().filter(x -> x < 3).count()));
    long wrong = rows.stream().filter(r -> r.matches != r.expectedMatches).count();
    head.add(
        "Match counts equal libpcap's (expected/bench-mix.tsv) for "
            + (rows.size() - wrong)
            + " of "
            + rows.size()
            + " filters.");
    List<Double> small = rows.stream().filter(r -> r.insns <= 50).map(r -> r.exprMicros).toList();
    List<Double> large = rows.stream().filter(r -> r.insns > 50).map(r -> r.exprMicros).toList();
    head.add(
        String.format(
            Locale.ROOT,
            "Expression to program (bpfjit-expr, median of repeated compiles in this JVM):"
                + " %.1f µs for programs of up to 50 instructions, %.1f µs above (largest %.0f µs).",
            median(small),
            median(large),
            rows.stream().mapToDouble(r -> r.exprMicros).max().orElse(Double.NaN)));
    List<Double> csmall =
        rows.stream().filter(r -> r.insns <= 50).map(r -> r.compileMicros).toList();
    head.add(
        String.format(
            Locale.ROOT,
            "JIT compile (generate and define the class): median %.0f µs for programs of up to 50"
                + " instructions, %.0f µs above.",
            median(csmall),
            median(rows.stream().filter(r -> r.insns > 50).map(r -> r.compileMicros).toList())));
    if (!mega.isEmpty()) {
      head.add(
          String.format(
              Locale.ROOT,
              "Megamorphic: 8 filters through one call site %.2f ns per"
                  + " (packet, filter); the same filters' bulk loops %.2f ns.",
              mega.getOrDefault("perPacketCallSite", Double.NaN),
              mega.getOrDefault("bulkPerFilter", Double.NaN)));
    }
    List<ReportRow> bySize = new ArrayList<>(rows);
    bySize.sort(Comparator.comparingInt((ReportRow r) -> r.insns).reversed());
    List<String> big = new ArrayList<>();
    List<String> baseline = new ArrayList<>();
    List<String> viaPcap4j = new ArrayList<>();
    viaPcap4j.add(pcap4j + ".");
    List<String> kinds = new ArrayList<>();
    for (ReportRow r : bySize) {
      if (r.insns >= 1000) {
        big.add(
            String.format(
                Locale.ROOT,
                "%s (%d insns, %d methods, largest %d bytes): interpreter %.1f ns,"
                    + " JIT %.1f ns, %.1fx.",
                r.id,
                r.insns,
                r.methods,
                r.largestMethod,
                r.interpreterNs,
                r.jitBulkNs,
                r.speedup()));
      }
      String e = r.expr.length() > 40 ? r.expr.substring(0, 40) + "..." : r.expr;
      if (!Double.isNaN(r.baselineNs)) {
        baseline.add(
            String.format(
                Locale.ROOT,
                "%s `%s`: hand-written %.2f ns, JIT %.2f ns (JIT/hand-written %.2f).",
                r.id,
                e,
                r.baselineNs,
                r.jitBulkNs,
                r.jitBulkNs / r.baselineNs));
      }
      if (!Double.isNaN(r.jitDirectNs)) {
        String segment =
            Double.isNaN(r.jitSegmentNs)
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", memory segment %.2f ns (%.2fx)",
                    r.jitSegmentNs,
                    r.jitSegmentNs / r.jitNs);
        kinds.add(
            String.format(
                Locale.ROOT,
                "%s `%s`: byte[] %.2f ns, direct ByteBuffer %.2f ns (%.2fx)%s.",
                r.id,
                e,
                r.jitNs,
                r.jitDirectNs,
                r.jitDirectNs / r.jitNs,
                segment));
      }
      if (!Double.isNaN(r.pcap4jNs)) {
        viaPcap4j.add(
            String.format(
                Locale.ROOT,
                "%s `%s`: pcap4j %.1f ns, JIT %.2f ns (%.0fx faster).",
                r.id,
                e,
                r.pcap4jNs,
                r.jitBulkNs,
                r.pcap4jNs / r.jitBulkNs));
      }
    }
    List<Section> out = new ArrayList<>();
    out.add(new Section("Headline", head));
    if (!big.isEmpty()) {
      out.add(new Section("Large programs (1,000 instructions and more)", big));
    }
    if (!baseline.isEmpty()) {
      out.add(new Section("Against hand-written Java (the ceiling)", baseline));
    }
    if (!kinds.isEmpty()) {
      out.add(
          new Section(
              "Input kinds (the JIT per packet: packets in one byte[], views of one direct"
                  + " buffer, or one native memory segment where measured, read in place)",
              kinds));
    }
    out.add(new Section("Against libpcap through pcap4j (what Java users call today)", viaPcap4j));
    return out;
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  static String markdownTable(List<ReportRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| id | expression | insns | expr→program µs | bytecode B | methods | compile µs |"
            + " interpreter ns/pkt | JIT ns/pkt | JIT direct ns/pkt | JIT segment ns/pkt |"
            + " JIT bulk ns/pkt | speedup |"
            + " baseline ns/pkt | pcap4j ns/pkt | matches |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ReportRow r : rows) {
      String e = r.expr.replace("|", "\\|");
      if (e.length() > 60) {
        e = e.substring(0, 57) + "...";
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | `%s` | %d | %s | %d | %d | %.0f | %s | %s | %s | %s | %s | %.1fx | %s | %s | %d"
                  + " |%n",
              r.id,
              e,
              r.insns,
              fmt(r.exprMicros),
              r.bytecodeBytes,
              r.methods,
              r.compileMicros,
              fmt(r.interpreterNs),
              fmt(r.jitNs),
              fmt(r.jitDirectNs),
              fmt(r.jitSegmentNs),
              fmt(r.jitBulkNs),
              r.speedup(),
              fmt(r.baselineNs),
              fmt(r.pcap4jNs),
              r.matches));
    }
    return sb.toString();
  }

  static final String COLD_TITLE =
      "From cold (a fresh JVM per run, best of 3: parse, verify, compile, then 20,480 packets"
          + " of bench-mix.pcap)";

  static String markdown(
      List<ReportRow> rows,
      ReportMain.Settings s,
      List<Section> sections,
      String machine,
      ColdFigures cold) {
    StringBuilder sb = new StringBuilder();
    sb.append("# bpfjit per-filter report (").append(s.mode()).append(")\n\n");
    sb.append("Generated ").append(Instant.now()).append(" on ").append(machine).append(".\n");
    sb.append("Measured with JMH: ")
        .append(settings(s))
        .append("; ns per packet over the 32,768 packets of")
        .append(" `bench-mix.pcap`. Speedup = interpreter / JIT bulk.\n\n");
    for (Section sec : sections) {
      sb.append("## ").append(sec.title()).append("\n\n");
      for (String line : sec.lines()) {
        sb.append("- ").append(line).append('\n');
      }
      sb.append('\n');
    }
    sb.append("![speedup](speedup.png)\n\n![ns vs size](ns-vs-size.png)\n\n");
    if (cold != null) {
      sb.append("![warm-up curve](warmup.png)\n\n");
    }
    sb.append("## Every filter\n\n").append(LEGEND).append(" Sorted by speedup;");
    sb.append(" report.html sorts and filters the table.\n\n");
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

  /** Sorts the table by a clicked column (again: the other way) and filters it as one types. */
  private static final String SCRIPT =
      "<script>\n"
          + "const t=document.getElementById('filters'),b=t.tBodies[0];let col=-1,dir=1;\n"
          + "function val(r,i){const s=r.cells[i].textContent.replace(/[x,]/g,'');"
          + "const n=parseFloat(s);return isNaN(n)||!/^[-0-9.e]+$/.test(s.trim())?"
          + "r.cells[i].textContent:n;}\n"
          + "t.tHead.addEventListener('click',e=>{const i=e.target.cellIndex;if(i===undefined)"
          + "return;dir=i===col?-dir:1;col=i;const rows=[...b.rows];rows.sort((p,q)=>{"
          + "const x=val(p,i),y=val(q,i);if(x===y)return 0;if(x===''||Number.isNaN(x))return 1;"
          + "if(y===''||Number.isNaN(y))return -1;return (x<y?-1:1)*dir;});"
          + "rows.forEach(r=>b.appendChild(r));});\n"
          + "document.getElementById('q').addEventListener('input',e=>{const q=e.target.value"
          + ".toLowerCase();let n=0;for(const r of b.rows){const s=(r.cells[0].textContent+' '"
          + "+r.cells[1].textContent).toLowerCase();const show=s.includes(q);r.hidden=!show;"
          + "if(show)n++;}document.getElementById('n').textContent=n;});\n"
          + "</script>\n";

  static String html(
      List<ReportRow> rows,
      List<Section> summary,
      ReportMain.Settings s,
      String machine,
      byte[] speedups,
      byte[] sizes,
      byte[] warmup) {
    String[] table = markdownTable(rows).split("\n");
    StringBuilder head = new StringBuilder("<thead><tr>");
    for (String c : cells(table[0])) {
      head.append("<th title=\"sort\">").append(escape(c)).append("</th>");
    }
    head.append("</tr></thead>\n");
    StringBuilder body = new StringBuilder("<tbody>\n");
    for (int i = 2; i < table.length; i++) {
      body.append("<tr>");
      for (String c : cells(table[i])) {
        body.append("<td>").append(escape(c)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>\n");
    StringBuilder sum = new StringBuilder();
    for (Section sec : summary) {
      sum.append("<h2>").append(escape(sec.title())).append("</h2>\n<ul>\n");
      for (String l : sec.lines()) {
        sum.append("<li>").append(escape(l.replace("`", ""))).append("</li>\n");
      }
      sum.append("</ul>\n");
    }
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>bpfjit report</title>\n"
        + "<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:"
        + "collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        + "td:nth-child(2){text-align:left;font-family:monospace}th{background:#eee;position:"
        + "sticky;top:0;cursor:pointer}img{max-width:100%}</style>"
        + "</head><body>\n<h1>bpfjit per-filter report ("
        + s.mode()
        + ")</h1>\n<p>"
        + escape(machine)
        + "<br>Measured with JMH: "
        + escape(settings(s))
        + "; ns per packet over the 32,768 packets of bench-mix.pcap.</p>\n"
        + sum
        + "<img alt=\"speedup per filter\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(speedups)
        + "\">\n"
        + "<img alt=\"ns per packet against size\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(sizes)
        + "\">\n"
        + (warmup == null
            ? ""
            : "<img alt=\"warm-up curve\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(warmup)
                + "\">\n")
        + "<h2>Every filter</h2>\n<p>"
        + escape(LEGEND)
        + "</p>\n<p><label>Filter by id or expression: <input id=\"q\" type=\"search\"></label>"
        + " <span id=\"n\">"
        + rows.size()
        + "</span> rows; click a column to sort.</p>\n<table id=\"filters\">\n"
        + head
        + body
        + "</table>\n"
        + SCRIPT
        + "</body></html>\n";
  }

  /** The cells of a markdown table row, unescaped. */
  private static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    for (String c : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
      out.add(c.strip().replace("\\|", "|").replace("`", ""));
    }
    return out;
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
                  + " \"jitNs\": %s, \"jitDirectNs\": %s, \"jitSegmentNs\": %s, \"jitBulkNs\": %s, \"speedup\": %s, \"baselineNs\": %s, \"pcap4jNs\": %s,"
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
              num(r.jitDirectNs),
              num(r.jitSegmentNs),
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
