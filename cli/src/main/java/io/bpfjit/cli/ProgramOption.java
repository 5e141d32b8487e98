package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.ProgramFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code -p/--program FILE|-}: any text form {@code BpfProgram.parse} reads. */
final class ProgramOption {
  private ProgramOption() {}

  /** Adds the (required) option to {@code options}. */
  static Options add(Options options) {
    return options.addOption(
        Option.builder("p")
            .longOpt("program")
            .hasArg()
            .argName("FILE|-")
            .required()
            .desc("Program text (tcpdump -d/-dd/-ddd, bpf_asm, comma form); - reads stdin.")
            .build());
  }

  /** Whether the program is read from standard input ({@code -p -}). */
  static boolean fromStdin(Invocation in) {
    return in.value("program", "-").equals("-");
  }

  /** How errors name the program: its file, or {@code <stdin>}. */
  static String name(Invocation in) {
    String p = in.value("program", "-");
    return p.equals("-") ? "<stdin>" : p;
  }

  static String text(Invocation in) throws IOException {
    String program = in.value("program", "-");
    if (program.equals("-")) {
      return new String(in.stdin().readAllBytes(), StandardCharsets.UTF_8);
    }
    Path p = Path.of(program);
    if (Files.isDirectory(p)) {
      throw new UserError(Main.USAGE, program + ": is a directory, not a program file");
    }
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      // "port 80" is a tcpdump expression, not a file: say how to turn it into a program.
      String hint =
          program.contains(" ")
              ? " (an expression? compile it: tcpdump -ddd '"
                  + program
                  + "' | bpfjit "
                  + in.command().name()
                  + " -p - ...)"
              : "";
      throw new UserError(Main.USAGE, program + ": no such program file" + hint);
    } catch (IOException e) {
      throw new UserError(Main.USAGE, program + ": cannot read program file: " + e.getMessage());
    }
  }

  /** Reads and parses the program. */
  static BpfProgram load(Invocation in) throws IOException {
    String text = text(in);
    try {
      return BpfProgram.parse(text);
    } catch (ProgramFormatException e) {
      throw new UserError(Main.USAGE, name(in) + ": " + e.getMessage());
    }
  }
}
