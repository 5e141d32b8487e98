package io.bpfjit.cli;

import org.apache.commons.cli.Options;

/** One {@code bpfjit} subcommand: what {@code --help} shows of it, and what it does. */
interface Subcommand {
  /** The word after {@code bpfjit}. */
  String name();

  /** One line for the command list and the top of its help. */
  String summary();

  /** The operands after the options, for the usage line ({@code "CAPTURE"}); none by default. */
  default String operands() {
    return "";
  }

  /** Its options ({@code --help} and {@code --debug} are added by {@link Main}). */
  Options options();

  /** Runs with the parsed arguments; returns the exit status. */
  int run(Invocation in) throws Exception;
}
