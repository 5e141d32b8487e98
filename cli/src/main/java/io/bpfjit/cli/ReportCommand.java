package io.bpfjit.cli;

import io.bpfjit.bench.ReportMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code bpfjit report}: the per-filter benchmark report (see the bench module). */
final class ReportCommand implements Subcommand {
  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "Run the JMH benchmarks and write report.md, report.html and report.json"
        + " (quick: 19 representative filters, about 2 minutes; full: all 844 corpus filters).";
  }

  @Override
  public String operands() {
    return "[quick|full]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("out")
                .hasArg()
                .argName("DIR")
                .desc("Output directory (default bench/reports/MODE).")
                .build())
        .addOption(
            Option.builder()
                .longOpt("corpus")
                .hasArg()
                .argName("DIR")
                .desc("The conformance corpus (default ../shared/corpus beside the checkout).")
                .build());
  }

  @Override
  public int run(Invocation in) throws Exception {
    if (in.operands().size() > 1) {
      throw in.usage("unexpected argument '" + in.operands().get(1) + "'");
    }
    String mode = in.operands().isEmpty() ? "quick" : in.operands().get(0);
    if (!mode.equals("quick") && !mode.equals("full")) {
      throw in.usage("report mode is quick or full, not " + mode);
    }
    String home = System.getProperty("bpfjit.home", ".");
    String corpus =
        in.value("corpus", System.getProperty("bpfjit.corpus", home + "/../shared/corpus"));
    Path programs = Path.of(corpus, "programs");
    if (!Files.isDirectory(programs)) {
      throw new UserError(
          Main.USAGE,
          "report: no corpus at "
              + Path.of(corpus).toAbsolutePath().normalize()
              + " (no programs/ in it); give it with --corpus DIR",
          name());
    }
    System.setProperty("bpfjit.corpus", corpus);
    List<String> args = new ArrayList<>(List.of(mode));
    args.add("--out");
    args.add(in.value("out", home + "/bench/reports/" + mode));
    ReportMain.main(args.toArray(new String[0]));
    return 0;
  }
}
