package io.bpfjit.cli;

import io.bpfjit.fuzz.FuzzMain;
import org.apache.commons.cli.Options;

/** {@code bpfjit fuzz}: a differential fuzz campaign (the fuzz module parses its arguments). */
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
  public String operands() {
    return "[--seconds N] [--cases N] [--seed N] [--samples PCAP] [--programs DIR] [--out DIR]";
  }

  @Override
  public Options options() {
    return new Options();
  }

  @Override
  public boolean rawArguments() {
    return true;
  }

  @Override
  public int run(Invocation in) {
    return FuzzMain.run(in.raw().toArray(new String[0]));
  }
}
