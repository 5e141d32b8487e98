package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.capture.CaptureReader;
import java.io.PrintWriter;
import org.apache.commons.cli.Options;

/** {@code bpfjit eval}: the 32-bit result for every packet. */
final class EvalCommand implements Subcommand {
  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "Print the program's unsigned 32-bit result for each packet of a capture (a file, or -"
        + " for stdin), one per line.";
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
    Input input = Input.of(in, in.expectOperands("CAPTURE (a pcap or pcapng file, or -)").get(0));
    PacketFilter filter = Engine.of(in).create(ProgramOption.verified(in));
    PrintWriter out = in.out();
    Stdout stdout = in.stdout();
    try (CaptureReader r = input.open()) {
      while (r.next()) {
        out.println(
            Integer.toUnsignedString(
                filter.apply(r.buffer(), r.offset(), r.caplen(), r.wirelen())));
        if ((r.count() & 1023) == 0 && stdout.failed()) {
          break; // nobody reads any more (| head) or the disk is full: Main says which
        }
      }
    } finally {
      out.flush();
    }
    return 0;
  }
}
