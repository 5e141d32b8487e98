package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.capture.CaptureFormatException;
import io.bpfjit.capture.CaptureReader;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    return "Apply a program to a pcap or pcapng capture (a file, or - for stdin); print packets"
        + " read/matched, time and throughput (on stderr), and optionally write the matching"
        + " packets as pcap.";
  }

  @Override
  public String operands() {
    return "CAPTURE";
  }

  @Override
  public Options options() {
    return Engine.add(ProgramOption.add(new Options()))
        .addOption(
            Option.builder("w")
                .hasArg()
                .argName("OUT")
                .desc("Write matching packets to OUT (pcap); - writes them to stdout.")
                .build())
        .addOption(null, "count", false, "Print only the number of matching packets.")
        .addOption(
            null,
            "snap",
            false,
            "Cut each written packet to the program's return value, as the kernel does.");
  }

  @Override
  public int run(Invocation in) throws Exception {
    Input input = Input.of(in, in.expectOperands("CAPTURE (a pcap or pcapng file, or -)").get(0));
    Output output = Output.of(in);
    Engine engine = Engine.of(in);
    PacketFilter filter = engine.create(ProgramOption.verified(in));
    Stats stats = run(filter, input, output, in.has("snap"), in.err());
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
    Stats st = new Stats();
    long start = System.nanoTime();
    long size = input.size();
    boolean bar = size > (64 << 20) && onTerminal();
    long nextBar = start;
    FilterPass pass = null;
    try (CaptureReader in = input.open()) {
      pass = new FilterPass(filter, in, output, snap, st);
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
