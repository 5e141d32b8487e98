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

  @Override
  public int run(Invocation in) {
    in.expectOperands();
    List<String> args = new ArrayList<>();
    for (String name : List.of("seconds", "cases", "seed", "packets")) {
      if (in.has(name)) {
        String v = in.value(name, null);
        long min = name.equals("seed") ? Long.MIN_VALUE : name.equals("packets") ? 1 : 0;
        long max = name.equals("packets") ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (!inRange(v, min, max)) {
          String range = min == Long.MIN_VALUE ? "" : " (" + min + " or more)";
          throw in.usage("--" + name + " takes a whole number" + range + ", not '" + v + "'");
        }
        args.addAll(List.of("--" + name, v));
      }
    }
    for (String name : List.of("samples", "programs", "out")) {
      if (in.has(name)) {
        String v = in.value(name, null);
        if (name.equals("samples") && !Files.isRegularFile(Path.of(v))) {
          throw in.usage("--samples " + v + ": no such capture file");
        }
        if (name.equals("programs") && !Files.isDirectory(Path.of(v))) {
          throw in.usage("--programs " + v + ": no such directory");
        }
        args.addAll(List.of("--" + name, v));
      }
    }
    in.out().flush();
    return FuzzMain.run(args.toArray(new String[0]));
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
