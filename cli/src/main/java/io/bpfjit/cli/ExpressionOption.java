package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.expr.CompileOptions;
import io.bpfjit.expr.FilterCompileException;
import io.bpfjit.expr.FilterCompiler;
import io.bpfjit.expr.LinkTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * A filter expression given as words (joined with spaces, as tcpdump joins them) or by {@code -F
 * FILE}, and {@code -O} (no optimiser), compiled by the expr module.
 */
final class ExpressionOption {
  private ExpressionOption() {}

  static Options add(Options options) {
    return options
        .addOption(
            Option.builder("F")
                .hasArg()
                .argName("FILE")
                .desc("Read the filter expression from FILE (as tcpdump -F).")
                .build())
        .addOption("O", false, "Do not run the expression optimiser (as tcpdump -O).");
  }

  /** The expression: {@code -F}'s file, or the words, joined; "" when there are none. */
  static String text(Invocation in, List<String> words) throws IOException {
    String file = in.value("F", null);
    if (file != null) {
      if (!words.isEmpty()) {
        throw in.usage("an expression is given by -F FILE or as words, not both");
      }
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        throw new UserError(Main.USAGE, file + ": is a directory, not an expression file");
      }
      // tcpdump reads the file whole; '#' comments are not part of the language.
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    }
    return String.join(" ", words);
  }

  /** Compiles {@code expression}; a bad one is a usage error with a caret under its problem. */
  static BpfProgram compile(String expression, CompileOptions options) {
    try {
      return FilterCompiler.compile(expression, options);
    } catch (FilterCompileException e) {
      String where = e.offset() >= 0 ? "\n  " + e.caret().replace("\n", "\n  ") : "";
      throw new UserError(Main.USAGE, "expression: " + e.getMessage() + where);
    }
  }

  /** {@code -y}'s link type: a name (EN10MB, RAW …, with or without DLT_) or a number. */
  static int linkType(Invocation in) {
    String v = in.value("y", "EN10MB");
    var byName = LinkTypes.byName(v);
    if (byName.isPresent()) {
      return byName.getAsInt();
    }
    try {
      int n = Integer.parseInt(v);
      if (LinkTypes.isSupported(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw in.usage(
        "-y takes a link type the expression compiler supports (EN10MB, LINUX_SLL, LINUX_SLL2,"
            + " RAW, IPV4, IPV6, NULL, LOOP, PPP, or their numbers), not '"
            + v
            + "'");
  }
}
