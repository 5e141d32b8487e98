package io.bpfjit.cli;

import io.bpfjit.bench.ReportMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bpfjit report}: the per-filter benchmark report (see the bench module). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Run the JMH benchmarks and write report.md, report.html and report.json.",
      "quick: 19 representative filters, about 2 minutes; full: all 844 corpus filters."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", defaultValue = "quick", description = "quick (default) or full.")
  String mode;

  @Option(names = "--out", description = "Output directory (default bench/reports/MODE).")
  String out;

  @Override
  public Integer call() throws Exception {
    if (!mode.equals("quick") && !mode.equals("full")) {
      throw new UserError(Main.USAGE, "report mode is quick or full, not " + mode);
    }
    if (System.getProperty("bpfjit.corpus") == null) {
      String home = System.getProperty("bpfjit.home", ".");
      System.setProperty("bpfjit.corpus", home + "/../shared/corpus");
    }
    List<String> args = new ArrayList<>(List.of(mode));
    String home = System.getProperty("bpfjit.home", ".");
    args.add("--out");
    args.add(out != null ? out : home + "/bench/reports/" + mode);
    ReportMain.main(args.toArray(new String[0]));
    return 0;
  }
}
