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
    String samples = in.value("samples", null);
    if (samples != null && !Files.isRegularFile(Path.of(samples))) {
      throw in.usage("--samples " + samples + ": no such capture file");
    }
    String programs = in.value("programs", null);
    if (programs != null && !Files.isDirectory(Path.of(programs))) {
      throw in.usage("--programs " + programs + ": no such directory");
    }
    List<String> args = new ArrayList<>();
    for (String name :
        List.of("seconds", "cases", "seed", "packets", "samples", "programs", "out")) {
      if (in.has(name)) {
        args.add("--" + name);
        args.add(in.value(name, null));
      }
    }
    FuzzMain.Arguments parsed;
    try { // the fuzz module's ranges and messages for the numbers
      parsed = FuzzMain.Arguments.parse(args.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw in.usage(e.getMessage());
    }
    in.out().flush();
    return FuzzMain.run(parsed, "bpfjit: ");
  }
}
