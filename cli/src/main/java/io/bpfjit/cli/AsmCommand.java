package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bpfjit asm}: convert between text forms. */
@Command(
    name = "asm",
    mixinStandardHelpOptions = true,
    description = "Convert a program between text forms (input form is detected).")
final class AsmCommand implements Callable<Integer> {
  /** Output forms. */
  enum Form {
    d,
    dd,
    ddd,
    comma
  }

  @Mixin ProgramOption program;

  @Option(
      names = "--to",
      defaultValue = "d",
      description = "d (tcpdump -d listing, default), dd, ddd or comma.")
  Form to;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BpfProgram p = program.load();
    String text =
        switch (to) {
          case d -> p.toAssembly();
          case dd -> p.toCArray();
          case ddd -> p.toDecimal();
          case comma -> p.toComma() + "\n";
        };
    spec.commandLine().getOut().print(text);
    return 0;
  }
}
