package io.bpfjit.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/** A parsed command line with the streams a command writes to. */
record Invocation(Subcommand command, CommandLine options, List<String> operands, Main.Streams io) {

  /** Text output (buffered: flush what a user should see before a long step). */
  PrintWriter out() {
    return io.out();
  }

  PrintWriter err() {
    return io.err();
  }

  InputStream stdin() {
    return io.in();
  }

  /** Standard output for bytes ({@code -w -}); flush {@link #out()} before writing to it. */
  Stdout stdout() {
    return io.stdout();
  }

  boolean has(String option) {
    return options.hasOption(option);
  }

  /** The option's value, or {@code fallback} when absent. */
  String value(String option, String fallback) {
    return options.getOptionValue(option, fallback);
  }

  /** The option's value as a path, or null when absent. */
  Path path(String option) {
    String v = options.getOptionValue(option);
    return v == null ? null : Path.of(v);
  }

  /** The option's value as a non-negative int. */
  int count(String option, int fallback) {
    String v = options.getOptionValue(option);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw usage(
        (option.length() == 1 ? "-" : "--") + option + " takes a whole number, not '" + v + "'");
  }

  /** The option's value, which must be one of {@code choices} (the first is the default). */
  String choice(String option, String... choices) {
    String v = options.getOptionValue(option, choices[0]);
    if (!List.of(choices).contains(v)) {
      throw usage("--" + option + " is " + String.join(", ", choices) + "; not '" + v + "'");
    }
    return v;
  }

  /** Exactly the operands {@code labels} name, else a usage error. */
  List<String> expectOperands(String... labels) {
    if (operands.size() < labels.length) {
      throw usage("missing " + labels[operands.size()]);
    }
    if (operands.size() > labels.length) {
      throw usage("unexpected argument '" + operands.get(labels.length) + "'");
    }
    return operands;
  }

  /** An error in the arguments of this command (exit 2, with a pointer to its help). */
  UserError usage(String message) {
    return new UserError(Main.USAGE, message, command.name());
  }
}
