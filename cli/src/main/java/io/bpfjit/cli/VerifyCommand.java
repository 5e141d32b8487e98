package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bpfjit verify}: accept or reject a program. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Accept (exit 0) or reject (exit 1, with pc, reason and instruction) a program.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin ProgramOption program;

  @Option(names = "--strict", description = "Kernel-style STRICT profile instead of LIBPCAP.")
  boolean strict;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BpfProgram p = program.load();
    VerifierOptions o = strict ? VerifierOptions.strict() : VerifierOptions.libpcap();
    try {
      VerifiedProgram v = Verifier.verify(p, o);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: ok, %d instructions (%s)%s%n",
              program.name(), v.size(), o.profile(), v.hasBackwardJumps() ? ", has loops" : "");
      return 0;
    } catch (InvalidProgramException e) {
      spec.commandLine()
          .getOut()
          .printf("%s: rejected: %s [%s]%n", program.name(), e.getMessage(), e.reason());
      return Main.REJECTED;
    }
  }
}
