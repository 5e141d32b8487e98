package io.bpfjit.cli;

import io.bpfjit.InvalidProgramException;
import io.bpfjit.ProgramFormatException;
import io.bpfjit.capture.CaptureFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bpfjit} command. */
@Command(
    name = "bpfjit",
    mixinStandardHelpOptions = true,
    version = "bpfjit 0.1.0",
    description = "Classic BPF filters compiled to JVM bytecode: filter captures, check programs.",
    subcommands = {
      FilterCommand.class,
      EvalCommand.class,
      VerifyCommand.class,
      AsmCommand.class,
      DemoCommand.class,
      FuzzCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  success",
      "  1  verify: the program was rejected; fuzz: failures found",
      "  2  bad arguments, unreadable or invalid program",
      "  3  unreadable or damaged capture file (matching packets before the damage are kept)"
    })
public final class Main implements Runnable {
  static final int REJECTED = 1;
  static final int USAGE = 2;
  static final int BAD_CAPTURE = 3;

  @CommandLine.Option(
      names = "--debug",
      description = "Show stack traces of errors.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          boolean debug = main.debug || hasDebug(args);
          err.println("bpfjit: " + message(e));
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return exitCode(e);
        });
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println("bpfjit: " + e.getMessage());
          err.println("Try 'bpfjit " + commandName(e) + "--help'.");
          err.flush();
          return USAGE;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static boolean hasDebug(String[] args) {
    for (String a : args) {
      if (a.equals("--debug")) {
        return true;
      }
    }
    return false;
  }

  private static String commandName(CommandLine.ParameterException e) {
    String name = e.getCommandLine().getCommandName();
    return name.equals("bpfjit") ? "" : name + " ";
  }

  static String message(Exception e) {
    if (e instanceof CaptureFormatException
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

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }
}
