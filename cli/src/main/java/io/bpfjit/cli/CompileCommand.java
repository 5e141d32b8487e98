package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.expr.CompileOptions;
import java.io.PrintWriter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code bpfjit compile}: a filter expression to a program, printed as {@code tcpdump -d}, {@code
 * -dd} or {@code -ddd} prints it for the same link type and snapshot length.
 */
final class CompileCommand implements Subcommand {
  @Override
  public String name() {
    return "compile";
  }

  @Override
  public String summary() {
    return "Compile a filter expression (pcap-filter syntax, e.g. 'tcp port 80') to a program and"
        + " print it as tcpdump -d, -dd or -ddd does.";
  }

  @Override
  public String operands() {
    return "EXPRESSION...";
  }

  @Override
  public Options options() {
    return ExpressionOption.add(new Options())
        .addOption("d", false, "Print the program as a listing (default; tcpdump -d).")
        .addOption("dd", false, "Print the program as a C array (tcpdump -dd).")
        .addOption("ddd", false, "Print the program as decimal numbers (tcpdump -ddd).")
        .addOption(
            Option.builder("y")
                .hasArg()
                .argName("LINKTYPE")
                .desc(
                    "Link type: EN10MB (default), LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, NULL,"
                        + " LOOP, PPP, or a number.")
                .build())
        .addOption(
            Option.builder("s")
                .hasArg()
                .argName("SNAPLEN")
                .desc("Snapshot length, what a match returns (default 262144; 0 means 262144).")
                .build());
  }

  @Override
  public int run(Invocation in) throws Exception {
    String expression = ExpressionOption.text(in, in.operands());
    int snaplen = in.count("s", 262144);
    if (snaplen == 0) {
      snaplen = 262144;
    }
    CompileOptions options =
        CompileOptions.defaults()
            .withLinkType(ExpressionOption.linkType(in))
            .withSnaplen(snaplen)
            .withOptimize(!in.has("O"));
    BpfProgram p = ExpressionOption.compile(expression, options);
    PrintWriter out = in.out();
    if (in.has("ddd")) {
      out.println(p.size());
      for (RawInstruction i : p.instructions()) {
        out.println(i.code() + " " + i.jt() + " " + i.jf() + " " + Integer.toUnsignedString(i.k()));
      }
    } else if (in.has("dd")) {
      for (RawInstruction i : p.instructions()) {
        out.printf("{ 0x%x, %d, %d, 0x%08x },%n", i.code(), i.jt(), i.jf(), i.k());
      }
    } else {
      out.print(p.toAssembly());
    }
    return 0;
  }
}
