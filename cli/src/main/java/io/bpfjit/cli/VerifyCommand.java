package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import org.apache.commons.cli.Options;

/** {@code bpfjit verify}: accept or reject a program. */
final class VerifyCommand implements Subcommand {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "Accept (exit 0) or reject (exit 1, with pc, reason and instruction) a program.";
  }

  @Override
  public Options options() {
    return ProgramOption.add(new Options())
        .addOption(null, "strict", false, "Kernel-style STRICT profile instead of LIBPCAP.");
  }

  @Override
  public int run(Invocation in) throws Exception {
    in.expectOperands();
    BpfProgram p = ProgramOption.load(in);
    VerifierOptions o = in.has("strict") ? VerifierOptions.strict() : VerifierOptions.libpcap();
    String name = ProgramOption.name(in);
    try {
      VerifiedProgram v = Verifier.verify(p, o);
      in.out()
          .println(
              name
                  + ": ok, "
                  + v.size()
                  + (v.size() == 1 ? " instruction (" : " instructions (")
                  + o.profile()
                  + ")"
                  + (v.hasBackwardJumps() ? ", has loops" : ""));
      return 0;
    } catch (InvalidProgramException e) {
      in.out().println(name + ": rejected: " + e.getMessage() + " [" + e.reason() + "]");
      return Main.REJECTED;
    }
  }
}
