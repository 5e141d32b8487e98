package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bpfjit eval}: the 32-bit result for every packet. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Print the program's unsigned 32-bit result for each packet, one per line.")
final class EvalCommand implements Callable<Integer> {
  @Mixin ProgramOption program;

  @Parameters(index = "0", paramLabel = "CAPTURE", description = "Input capture (pcap or pcapng).")
  Path input;

  @Mixin EngineOption engineOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PacketFilter filter = engineOption.engine.create(Verifier.verify(program.load()));
    PrintWriter out = spec.commandLine().getOut();
    try (CaptureReader in = CaptureReader.open(input)) {
      while (in.next()) {
        out.println(
            Integer.toUnsignedString(
                filter.apply(in.buffer(), in.offset(), in.caplen(), in.wirelen())));
      }
    } finally {
      out.flush();
    }
    return 0;
  }
}
