package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code bpfjit asm}: convert between text forms. */
final class AsmCommand implements Subcommand {
  @Override
  public String name() {
    return "asm";
  }

  @Override
  public String summary() {
    return "Convert a program between text forms (input form is detected).";
  }

  @Override
  public Options options() {
    return ProgramOption.add(new Options())
        .addOption(
            Option.builder()
                .longOpt("to")
                .hasArg()
                .argName("FORM")
                .desc("d (tcpdump -d listing, default), dd, ddd or comma.")
                .build());
  }

  @Override
  public int run(Invocation in) throws Exception {
    in.expectOperands();
    String to = in.choice("to", "d", "dd", "ddd", "comma");
    BpfProgram p = ProgramOption.load(in);
    String text =
        switch (to) {
          case "dd" -> p.toCArray();
          case "ddd" -> p.toDecimal();
          case "comma" -> p.toComma() + "\n";
          default -> p.toAssembly();
        };
    in.out().print(text);
    return 0;
  }
}
