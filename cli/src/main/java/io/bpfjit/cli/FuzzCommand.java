package io.bpfjit.cli;

import io.bpfjit.fuzz.FuzzMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code bpfjit fuzz}: a differential fuzz campaign (see the fuzz module). */
@Command(
    name = "fuzz",
    description =
        "Run a fuzz campaign: bpfjit fuzz [--seconds N] [--cases N] [--seed N] [--out DIR].")
final class FuzzCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return FuzzMain.run(args.toArray(new String[0]));
  }
}
