package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.capture.PacketBatch;
import io.bpfjit.capture.internal.SampleTraffic;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code bpfjit demo}: the main job on bundled defaults. Generates a sample capture, compiles the
 * bundled expressions ({@code examples/INDEX.tsv}) in pure Java, filters the capture with the first
 * through the same path as {@code filter -w}, then runs every one with the interpreter and the JIT
 * and prints matches and ns/packet. {@code --programs DIR} takes .bpf programs instead.
 */
final class DemoCommand implements Subcommand {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "Compile the bundled filter expressions, filter a generated sample capture with them;"
        + " compare interpreter and JIT.";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("programs")
                .hasArg()
                .argName("DIR")
                .desc(
                    "Directory of .bpf programs to use instead of the bundled expressions"
                        + " (examples/ holds them as tcpdump -ddd wrote them).")
                .build())
        .addOption(
            Option.builder()
                .longOpt("dir")
                .hasArg()
                .argName("DIR")
                .desc("Where files go (default target/bpfjit-demo).")
                .build())
        .addOption(
            Option.builder()
                .longOpt("packets")
                .hasArg()
                .argName("N")
                .desc("Sample capture size (default 20000).")
                .build());
  }

  @Override
  public int run(Invocation in) throws Exception {
    in.expectOperands();
    String home = System.getProperty("bpfjit.home", ".");
    boolean fromFiles = in.has("programs");
    Path programs = Path.of(in.value("programs", home + "/examples"));
    Path dir = Path.of(in.value("dir", home + "/target/bpfjit-demo"));
    int packets = in.count("packets", 20000);
    if (packets < 1) {
      throw in.usage("--packets takes a whole number (1 or more), not '" + packets + "'");
    }
    PrintWriter out = in.out();
    if (!Files.isDirectory(programs)) {
      throw new UserError(Main.USAGE, programs + ": no such directory of .bpf programs");
    }
    Map<String, String> exprs = expressions(programs.resolve("INDEX.tsv"));
    // every one compiled or checked before a row
    Map<String, VerifiedProgram> verified = new LinkedHashMap<>();
    if (fromFiles) {
      List<Path> files;
      try (var s = Files.list(programs)) {
        files = s.filter(p -> p.toString().endsWith(".bpf")).sorted().toList();
      }
      if (files.isEmpty()) {
        throw new UserError(Main.USAGE, programs + ": no .bpf programs");
      }
      for (Path f : files) {
        verified.put(f.getFileName().toString(), ProgramOption.verified(f));
      }
    } else {
      if (exprs.isEmpty()) {
        throw new UserError(Main.USAGE, programs.resolve("INDEX.tsv") + ": no expressions");
      }
      for (Map.Entry<String, String> e : exprs.entrySet()) {
        verified.put(
            e.getKey(),
            Verifier.verify(ExpressionOption.compile(e.getValue(), CompileOptions.defaults())));
      }
    }
    Files.createDirectories(dir);
    Path capture = dir.resolve("sample.pcap");
    SampleTraffic.write(capture, packets, 1);
    out.println(
        "generated "
            + capture
            + ": "
            + Figures.grouped(packets)
            + (packets == 1 ? " packet, " : " packets, ")
            + Figures.grouped(Files.size(capture))
            + " bytes");
    String first = verified.keySet().iterator().next();
    Path matched = dir.resolve(first.replace(".bpf", ".pcap"));
    FilterCommand.Stats st =
        FilterCommand.run(
            BpfJit.compile(verified.get(first)),
            Input.file(capture),
            Output.file(matched),
            false,
            out);
    out.println(
        (fromFiles
                ? "filter -p " + programs.resolve(first) + " -w " + matched
                : "filter -w " + matched + " " + capture + " '" + exprs.get(first) + "'")
            + ":");
    out.println("  " + st.summary(capture, Engine.jit));
    Loaded pk = load(capture);
    out.println();
    out.printf(
        "%-20s %-26s %5s %7s %13s %10s %15s %8s%n",
        "program",
        "tcpdump expression",
        "insns",
        "matched",
        "interp ns/pkt",
        "jit ns/pkt",
        "jit bulk ns/pkt",
        "speedup");
    out.flush();
    for (String name : verified.keySet()) {
      VerifiedProgram v = verified.get(name);
      PacketFilter interp = BpfInterpreter.of(v);
      // a filter known to run long: its class is generated and warmed up now, and the timings
      // below start once it runs (a short job would stay on the first tier, at about the
      // interpreter's speed; see "Tiering" in docs/design.md)
      JitFilter jit = BpfJit.compile(v).startWarmUp();
      int mi = pk.count(interp);
      int mj = pk.count(jit);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!jit.runsGeneratedCode() && System.nanoTime() < deadline) {
        pk.count(jit);
      }
      if (mi != mj) {
        throw new IllegalStateException(name + ": interpreter matched " + mi + ", JIT " + mj);
      }
      double ni = pk.nsPerPacket(interp, false);
      double nj = pk.nsPerPacket(jit, false);
      double nb = pk.nsPerPacket(jit, true);
      out.printf(
          "%-20s %-26s %5d %7d %13.1f %10.1f %15.1f %7.1fx%n",
          name, abbreviate(exprs.getOrDefault(name, "?")), v.size(), mj, ni, nj, nb, ni / nb);
      out.flush(); // a row a second: show each as it comes
    }
    out.println();
    out.println(
        "(rough timings in one process, each JIT filter once its generated class runs: per-packet"
            + " calls share one call site across all filters; the bulk loop runs inside each"
            + " generated class. JMH in bench/ is the reference.)");
    return 0;
  }

  private static String abbreviate(String s) {
    return s.length() > 26 ? s.substring(0, 23) + "..." : s;
  }

  private static Map<String, String> expressions(Path index) throws java.io.IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (Files.exists(index)) {
      for (String line : Files.readAllLines(index)) {
        String[] f = line.split("\t", 2);
        if (f.length == 2 && !line.startsWith("#")) {
          m.put(f[0], f[1]);
        }
      }
    }
    return m;
  }

  /** A capture held in memory: one array, per-packet offsets. */
  record Loaded(byte[] data, int[] offsets, int[] caplens, int[] wirelens) {
    int count(PacketFilter f) {
      return f.count(data, offsets, caplens, wirelens, offsets.length);
    }

    double nsPerPacket(PacketFilter f, boolean bulk) {
      long sink = 0;
      long warm = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < warm) {
        sink += bulk ? count(f) : perPacket(f);
      }
      int rounds = 0;
      long start = System.nanoTime();
      long end = start + 300_000_000L;
      long now;
      do {
        sink += bulk ? count(f) : perPacket(f);
        rounds++;
        now = System.nanoTime();
      } while (now < end);
      if (sink == 42) {
        System.out.print("");
      }
      return (now - start) / (double) rounds / offsets.length;
    }

    private int perPacket(PacketFilter f) {
      int m = 0;
      for (int i = 0; i < offsets.length; i++) {
        if (f.apply(data, offsets[i], caplens[i], wirelens[i]) != 0) {
          m++;
        }
      }
      return m;
    }
  }

  static Loaded load(Path capture) throws Exception {
    PacketBatch b = PacketBatch.load(capture);
    return new Loaded(b.data(), b.offsets(), b.caplens(), b.wirelens());
  }
}
