package io.bpfjit.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.bpfjit.InvalidProgramException;
import io.bpfjit.ProgramFormatException;
import io.bpfjit.capture.CaptureFormatException;
import io.bpfjit.capture.CaptureWriteException;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The {@code bpfjit} command: picks the subcommand, parses its options (Apache Commons CLI, which
 * adds 0.03–0.05 s to a JVM's start where picocli added 0.13–0.15 s, the largest part of a short
 * run), runs it and turns errors into one line and an exit status.
 */
public final class Main {
  static final int REJECTED = 1;
  static final int USAGE = 2;
  static final int BAD_CAPTURE = 3;
  static final int OUTPUT = 4;

  /** What a shell reports for a process that SIGPIPE killed (128 + 13). */
  static final int READER_GONE = 141;

  static final String VERSION = "bpfjit 0.2.0";

  private static final String SUMMARY =
      "Classic BPF filters compiled to JVM bytecode: filter captures, check programs.";
  private static final List<String> EXIT_STATUS =
      List.of(
          "Exit status:",
          "    0  success",
          "    1  verify: the program was rejected; fuzz: failures found",
          "    2  bad arguments, unreadable or invalid program",
          "    3  unreadable or damaged capture file (matching packets before the damage are kept)",
          "    4  an output (-w OUT, stdout) could not be written: no such directory, permission,"
              + " disk full",
          "  141  stdout was closed early (a pipe into head, say): the command stops quietly");

  private static final List<Subcommand> COMMANDS =
      List.of(
          new FilterCommand(),
          new CompileCommand(),
          new EvalCommand(),
          new VerifyCommand(),
          new AsmCommand(),
          new DemoCommand(),
          new FuzzCommand(),
          new ReportCommand());

  private Main() {}

  public static void main(String[] args) {
    Stdout stdout = new Stdout(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, stdout, err, System.in));
  }

  /**
   * Runs the command line and returns the exit status. Text goes to {@code stdout} through a
   * buffered writer (flushed when the command ends, or by commands that print progressively), pcap
   * for {@code -w -} directly.
   */
  static int run(String[] args, Stdout stdout, PrintWriter err, InputStream stdin) {
    PrintWriter out =
        new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, UTF_8), 1 << 16));
    int code = run(args, out, stdout, err, stdin);
    if (stdout.readerGone()) {
      return READER_GONE;
    }
    if (stdout.failed()) {
      err.println("bpfjit: stdout: cannot write (" + stdout.failure().getMessage() + ")");
      err.flush();
      return OUTPUT;
    }
    return code;
  }

  private static int run(
      String[] args, PrintWriter out, Stdout stdout, PrintWriter err, InputStream stdin) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean debug = rest.remove("--debug");
    try {
      return dispatch(rest, new Streams(out, stdout, err, stdin));
    } catch (Exception e) {
      if (stdout.failed()) {
        return OUTPUT; // reported by the caller, or a reader that went away
      }
      err.println("bpfjit: " + message(e));
      if (e instanceof UserError u && u.helpFor() != null) {
        String cmd = u.helpFor().isEmpty() ? "" : u.helpFor() + " ";
        err.println("Try 'bpfjit " + cmd + "--help'.");
      }
      if (debug) {
        e.printStackTrace(err);
      }
      return exitCode(e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The standard streams of one run: {@code out} writes text to {@code stdout}. */
  record Streams(PrintWriter out, Stdout stdout, PrintWriter err, InputStream in) {}

  private static int dispatch(List<String> args, Streams io) throws Exception {
    PrintWriter out = io.out();
    if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
      usage(out);
      return 0;
    }
    String first = args.get(0);
    if (first.equals("-V") || first.equals("--version")) {
      out.println(VERSION);
      return 0;
    }
    if (first.equals("help")) {
      if (args.size() == 1) {
        usage(out);
      } else {
        help(command(args.get(1)), out);
      }
      return 0;
    }
    if (first.startsWith("-")) {
      throw new UserError(USAGE, "unknown option '" + first + "'", "");
    }
    Subcommand cmd = command(first);
    List<String> rest = args.subList(1, args.size());
    if (asksForHelp(rest)) {
      help(cmd, out);
      return 0;
    }
    Options options = withHelp(cmd.options());
    CommandLine parsed;
    try {
      parsed =
          DefaultParser.builder()
              .setAllowPartialMatching(false)
              .build()
              .parse(options, rest.toArray(new String[0]));
    } catch (ParseException e) {
      throw new UserError(USAGE, parseError(e, options), cmd.name());
    }
    try {
      return cmd.run(new Invocation(cmd, parsed, parsed.getArgList(), io));
    } catch (NoClassDefFoundError e) {
      // the standalone distribution leaves out the fuzzer and benchmark modules; any other
      // missing class is a broken installation, not this
      String missing = String.valueOf(e.getMessage());
      if (!missing.startsWith("io/bpfjit/fuzz/") && !missing.startsWith("io/bpfjit/bench/")) {
        throw e;
      }
      throw new UserError(
          USAGE,
          cmd.name()
              + ": not in this distribution (it needs the fuzz and bench modules): run it from a"
              + " source checkout, ./bpfjit "
              + cmd.name());
    }
  }

  /** {@code -h}/{@code --help} before any {@code --}: help wins over missing options. */
  private static boolean asksForHelp(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  private static Subcommand command(String name) {
    for (Subcommand c : COMMANDS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new UserError(USAGE, "unknown command '" + name + "'", "");
  }

  private static Options withHelp(Options own) {
    Options o = new Options();
    for (Option opt : own.getOptions()) {
      o.addOption(opt);
    }
    o.addOption("h", "help", false, "Show this help.");
    o.addOption(Option.builder().longOpt("debug").desc("Show stack traces of errors.").build());
    return o;
  }

  private static String parseError(ParseException e, Options options) {
    if (e instanceof UnrecognizedOptionException u) {
      return "unknown option '" + u.getOption() + "'";
    }
    if (e instanceof MissingArgumentException m) {
      Option o = m.getOption();
      return "option " + display(o) + " needs a value (" + o.getArgName() + ")";
    }
    if (e instanceof MissingOptionException m) {
      List<String> names = new ArrayList<>();
      for (Object o : m.getMissingOptions()) {
        Option opt = o instanceof Option given ? given : options.getOption(String.valueOf(o));
        names.add(opt != null ? display(opt) : String.valueOf(o));
      }
      return "missing required option " + String.join(", ", names);
    }
    return e.getMessage();
  }

  private static String display(Option o) {
    if (o.getOpt() != null && o.getLongOpt() != null) {
      return "-" + o.getOpt() + "/--" + o.getLongOpt();
    }
    return o.getOpt() != null ? "-" + o.getOpt() : "--" + o.getLongOpt();
  }

  private static void usage(PrintWriter out) {
    out.println("Usage: bpfjit [--debug] COMMAND [OPTIONS] [ARGS]");
    out.println(SUMMARY);
    out.println();
    out.println("Commands:");
    for (Subcommand c : COMMANDS) {
      out.print(wrap(String.format("  %-8s %s", c.name(), c.summary()), 11));
    }
    out.printf("  %-8s %s%n", "help", "Show the help of a command: bpfjit help COMMAND.");
    out.println();
    out.println("Options:");
    out.println("  -h, --help      Show this help (bpfjit COMMAND --help: that command's).");
    out.println("  -V, --version   Print the version.");
    out.println("      --debug     Show stack traces of errors.");
    out.println();
    EXIT_STATUS.forEach(out::println);
  }

  /** {@code line} folded at 100 columns, continuation lines indented by {@code indent}. */
  static String wrap(String line, int indent) {
    StringBuilder b = new StringBuilder();
    int width = 100;
    String rest = line;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= indent) {
        break;
      }
      b.append(rest, 0, cut).append('\n');
      rest = " ".repeat(indent) + rest.substring(cut + 1);
    }
    return b.append(rest).append('\n').toString();
  }

  private static void help(Subcommand cmd, PrintWriter out) {
    HelpFormatter f = new HelpFormatter();
    f.setOptionComparator(null); // as declared: the command's own options first
    String syntax = "bpfjit " + cmd.name() + " [OPTIONS] " + cmd.operands();
    f.printHelp(
        out,
        100,
        syntax.strip(),
        cmd.summary() + "\n\n",
        withHelp(cmd.options()),
        2,
        3,
        "\n" + String.join("\n", EXIT_STATUS),
        false);
  }

  static String message(Exception e) {
    if (e instanceof CaptureFormatException
        || e instanceof CaptureWriteException
        || e instanceof ProgramFormatException
        || e instanceof InvalidProgramException
        || e instanceof UserError) {
      return e.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException n) {
      return n.getFile() + ": permission denied";
    }
    if (e instanceof IOException) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
    return e.toString();
  }

  static int exitCode(Exception e) {
    if (e instanceof UserError u) {
      return u.code();
    }
    if (e instanceof CaptureWriteException) {
      return OUTPUT;
    }
    if (e instanceof CaptureFormatException) {
      return BAD_CAPTURE;
    }
    if (e instanceof ProgramFormatException || e instanceof InvalidProgramException) {
      return USAGE;
    }
    if (e instanceof IOException) {
      return BAD_CAPTURE;
    }
    return USAGE;
  }
}
