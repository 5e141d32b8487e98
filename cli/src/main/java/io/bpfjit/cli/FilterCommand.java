package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureFormatException;
import io.bpfjit.capture.CaptureReader;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.LinkTypes;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code bpfjit filter}: apply a program to a capture. */
final class FilterCommand implements Subcommand {
  @Override
  public String name() {
    return "filter";
  }

  @Override
  public String summary() {
    return "Apply a filter expression (as tcpdump: the words after the capture, or -F FILE) or a"
        + " program (-p) to a pcap or pcapng capture (a file, or - for stdin); print packets"
        + " read/matched, time and throughput (on stderr), and optionally write the matching"
        + " packets as pcap. The expression is compiled for the capture's link type and snapshot"
        + " length, as tcpdump -r compiles it.";
  }

  @Override
  public String operands() {
    return "CAPTURE [EXPRESSION...]  |  -r CAPTURE [EXPRESSION...]";
  }

  @Override
  public Options options() {
    return Engine.add(ExpressionOption.add(ProgramOption.add(new Options(), false)))
        .addOption(
            Option.builder("w")
                .hasArg()
                .argName("OUT")
                .desc("Write matching packets to OUT (pcap); - writes them to stdout.")
                .build())
        .addOption(null, "count", false, "Print only the number of matching packets.")
        .addOption(
            Option.builder("r")
                .hasArg()
                .argName("CAPTURE")
                .desc(
                    "The capture (as tcpdump -r); then every word after the options is the"
                        + " expression.")
                .build())
        .addOption(
            Option.builder("c")
                .hasArg()
                .argName("N")
                .desc("Stop after N matching packets (as tcpdump -c).")
                .build())
        .addOption(
            null,
            "snap",
            false,
            "Cut each written packet to the program's return value, as the kernel does.");
  }

  @Override
  public int run(Invocation in) throws Exception {
    List<String> operands = in.operands();
    String capture = in.value("r", null);
    List<String> words;
    if (capture != null) {
      words = operands;
    } else if (operands.isEmpty()) {
      throw in.usage("missing CAPTURE (a pcap or pcapng file, or -)");
    } else {
      capture = operands.get(0);
      words = operands.subList(1, operands.size());
    }
    Input input = Input.of(in, capture);
    long limit = in.has("c") ? in.count("c", 0) : Long.MAX_VALUE;
    if (limit == 0) {
      throw in.usage("-c takes a whole number of 1 or more, not '0'");
    }
    Output output = Output.of(in);
    Engine engine = Engine.of(in);
    boolean longRun = input.sizeIfKnown() >= Engine.LONG_RUN_BYTES;
    Function<CaptureReader, PacketFilter> filter;
    if (in.has("program")) {
      if (!words.isEmpty() || in.has("F")) {
        throw in.usage("give a program (-p) or an expression, not both");
      }
      if (in.has("O")) {
        throw in.usage("-O is for expressions; -p takes a program as it is");
      }
      VerifiedProgram program = ProgramOption.verified(in);
      filter = reader -> engine.create(program, longRun, reader.inPlace());
    } else {
      String expression = ExpressionOption.text(in, words);
      boolean optimize = !in.has("O");
      filter =
          reader ->
              engine.create(
                  Verifier.verify(
                      ExpressionOption.compile(
                          expression,
                          CompileOptions.defaults()
                              .withLinkType(LinkTypes.fromLinkTypeField(reader.linkType()))
                              .withSnaplen(reader.snaplen())
                              .withOptimize(optimize)
                              .withSavefile(true))),
                  longRun,
                  reader.inPlace());
    }
    Stats stats = run(filter, input, output, in.has("snap"), limit, in.err());
    if (in.has("count")) {
      in.out().println(stats.matched);
    }
    in.err().println(stats.summary(input.name(), engine));
    if (stats.damage != null) {
      throw stats.damage;
    }
    return 0;
  }

  /** What a run counted; {@code damage} is set when the capture was cut short. */
  static final class Stats {
    long packets;
    long matched;
    long bytes;
    long nanos;
    CaptureFormatException damage;

    String summary(Path input, Engine engine) {
      double s = nanos / 1e9;
      return input
          + ": "
          + Figures.grouped(packets)
          + (packets == 1 ? " packet, " : " packets, ")
          + Figures.grouped(matched)
          + " matched, "
          + Figures.fixed(s, 3)
          + " s, "
          + Figures.fixed(s == 0 ? 0 : packets / s / 1e6, 2)
          + " M packets/s, "
          + Figures.fixed(s == 0 ? 0 : bytes / s / 1e6, 1)
          + " MB/s ("
          + engine
          + ")";
    }
  }

  /**
   * Whether the JVM runs on a terminal (progress is drawn then, never into a pipe or file). JDK 22
   * and 23 give a console also when the streams are redirected; {@code isTerminal()} (JDK 22+)
   * tells, looked up reflectively as the code is compiled for 17.
   */
  static boolean onTerminal() {
    Console c = System.console();
    if (c == null || Runtime.version().feature() < 22) {
      return c != null;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Streams {@code input} through {@code filter}; writes matches to {@code output} (atomically,
   * keeping the matches before any damage), unless it is null.
   */
  static Stats run(
      PacketFilter filter, Input input, Output output, boolean snap, PrintWriter progress)
      throws Exception {
    return run(reader -> filter, input, output, snap, Long.MAX_VALUE, progress);
  }

  /**
   * As above, the filter made once the capture is open (from its link type and snapshot length),
   * before anything is written.
   */
  static Stats run(
      Function<CaptureReader, PacketFilter> filterFor,
      Input input,
      Output output,
      boolean snap,
      long limit,
      PrintWriter progress)
      throws Exception {
    Stats st = new Stats();
    long start = System.nanoTime();
    long size = input.size();
    boolean bar = size > (64 << 20) && onTerminal();
    long nextBar = start;
    FilterPass pass = null;
    try (CaptureReader in = input.openInPlace()) {
      PacketFilter filter = filterFor.apply(in);
      pass = new FilterPass(filter, in, output, snap, st).limit(limit);
      try {
        while (pass.some()) {
          if (bar && System.nanoTime() > nextBar) {
            nextBar = System.nanoTime() + 200_000_000L;
            // At most 100: a capture still being written grows past the size it had at start.
            String pct = Long.toString(Math.min(100, 100 * in.recordOffset() / size));
            progress.print(
                "\r"
                    + "   ".substring(pct.length())
                    + pct
                    + "% "
                    + Figures.grouped(st.packets)
                    + " packets");
            progress.flush();
          }
        }
      } catch (CaptureFormatException e) {
        st.damage = e;
      }
      if (bar) {
        progress.print("\r");
      }
      if (output != null) {
        pass.writer().commit();
      }
    } finally {
      if (pass != null) {
        pass.close();
      }
    }
    st.nanos = System.nanoTime() - start;
    return st;
  }
}
