package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.commons.cli.Options;

/** {@code bpfjit eval}: the 32-bit result for every packet. */
final class EvalCommand implements Subcommand {
  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "Print the program's unsigned 32-bit result for each packet, one per line.";
  }

  @Override
  public String operands() {
    return "CAPTURE";
  }

  @Override
  public Options options() {
    return Engine.add(ProgramOption.add(new Options()));
  }

  @Override
  public int run(Invocation in) throws Exception {
    Path input = Path.of(in.expectOperands("CAPTURE (a pcap or pcapng file)").get(0));
    PacketFilter filter = Engine.of(in).create(Verifier.verify(ProgramOption.load(in)));
    PrintWriter out = in.out();
    try (CaptureReader r = CaptureReader.open(input)) {
      while (r.next()) {
        out.println(
            Integer.toUnsignedString(
                filter.apply(r.buffer(), r.offset(), r.caplen(), r.wirelen())));
      }
    } finally {
      out.flush();
    }
    return 0;
  }
}
