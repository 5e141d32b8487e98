package io.bpfjit.cli;

import io.bpfjit.fuzz.FuzzMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code bpfjit fuzz}: a differential fuzz campaign, run by the fuzz module's front end. */
final class FuzzCommand implements Subcommand {
  @Override
  public String name() {
    return "fuzz";
  }

  @Override
  public String summary() {
    return "Run a differential fuzz campaign (JIT against the interpreter).";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(valued("seconds", "N", "Stop after N seconds (default 60)."))
        .addOption(valued("cases", "N", "Stop after N (program, packet) cases (default: none)."))
        .addOption(valued("seed", "N", "Random seed (default: from the clock; printed to replay)."))
        .addOption(valued("packets", "N", "Packets per program (default 32)."))
        .addOption(
            valued(
                "samples", "PCAP", "Capture whose packets (some with a byte changed) are inputs."))
        .addOption(valued("programs", "DIR", "Directory of .bpf programs mutated as seeds."))
        .addOption(valued("out", "DIR", "Where failures are written (default fuzz-failures)."));
  }

  private static Option valued(String name, String arg, String desc) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
  }

  /** A whole-number option and its range. */
  private record Bounded(String name, long min, long max) {}

  private static final List<Bounded> NUMBERS =
      List.of(
          new Bounded("seconds", 0, Long.MAX_VALUE),
          new Bounded("cases", 0, Long.MAX_VALUE),
          new Bounded("seed", Long.MIN_VALUE, Long.MAX_VALUE),
          new Bounded("packets", 1, Integer.MAX_VALUE));

  @Override
  public int run(Invocation in) {
    in.expectOperands();
    List<String> args = new ArrayList<>();
    for (Bounded n : NUMBERS) {
      String v = in.value(n.name(), null);
      if (v != null && !inRange(v, n.min(), n.max())) {
        String range = n.min() == Long.MIN_VALUE ? "" : " (" + n.min() + " or more)";
        throw in.usage("--" + n.name() + " takes a whole number" + range + ", not '" + v + "'");
      }
      add(args, n.name(), v);
    }
    String samples = in.value("samples", null);
    if (samples != null && !Files.isRegularFile(Path.of(samples))) {
      throw in.usage("--samples " + samples + ": no such capture file");
    }
    String programs = in.value("programs", null);
    if (programs != null && !Files.isDirectory(Path.of(programs))) {
      throw in.usage("--programs " + programs + ": no such directory");
    }
    add(args, "samples", samples);
    add(args, "programs", programs);
    add(args, "out", in.value("out", null));
    in.out().flush();
    return FuzzMain.run(args.toArray(new String[0]), "bpfjit: ");
  }

  /** Passes {@code --name value} on to the fuzz front end when the option was given. */
  private static void add(List<String> args, String name, String value) {
    if (value != null) {
      args.add("--" + name);
      args.add(value);
    }
  }

  private static boolean inRange(String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
