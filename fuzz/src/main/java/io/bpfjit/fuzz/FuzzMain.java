package io.bpfjit.fuzz;

import io.bpfjit.capture.PacketBatch;
import io.bpfjit.jit.JitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line front end of {@link Campaign}:
 *
 * <pre>
 * java io.bpfjit.fuzz.FuzzMain [--seconds N] [--cases N] [--seed N] [--packets N] [--out DIR]
 *     [--samples PCAP]
 * </pre>
 *
 * Exit status: 0 clean, 1 failures found (each written to --out), 2 bad arguments.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** {@code option}'s value as a whole number in {@code [min, max]}, else a one-line error. */
  private static long number(String option, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String range =
        min == Long.MIN_VALUE ? "" : min == 0 ? " (0 or more)" : " (" + min + " or more)";
    throw new IllegalArgumentException(
        option + " takes a whole number" + range + ", not '" + value + "'");
  }

  /** A campaign's options, parsed. */
  public record Arguments(
      long seconds, long cases, long seed, Path out, Path samples, Path programs, int packets) {

    /**
     * Parses {@code --seconds N --cases N --seed N --packets N --out DIR --samples PCAP --programs
     * DIR}; null when {@code --help} or {@code -h} is asked for.
     *
     * @throws IllegalArgumentException with a one-line message naming a bad option or value
     */
    public static Arguments parse(String[] args) {
      long seconds = 60;
      long cases = Long.MAX_VALUE;
      long seed = System.nanoTime();
      Path out = Path.of("fuzz-failures");
      Path samples = null;
      Path programs = null;
      int packets = 32;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--help") || a.equals("-h")) {
          return null;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--seconds" -> seconds = number(a, v, 0, Long.MAX_VALUE);
          case "--cases" -> cases = number(a, v, 0, Long.MAX_VALUE);
          case "--seed" -> seed = number(a, v, Long.MIN_VALUE, Long.MAX_VALUE);
          case "--out" -> out = Path.of(v);
          case "--samples" -> samples = Path.of(v);
          case "--programs" -> programs = Path.of(v);
          case "--packets" -> packets = (int) number(a, v, 1, Integer.MAX_VALUE);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Arguments(seconds, cases, seed, out, samples, programs, packets);
    }
  }

  /** Runs a campaign; returns the exit status (0 clean, 1 failures, 2 bad arguments). */
  public static int run(String[] args) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz: " + e.getMessage() + " (try --help)");
      return 2;
    }
    if (a == null) {
      System.out.println(
          "usage: fuzz [--seconds N] [--cases N] [--seed N] [--packets N per program]"
              + " [--out DIR] [--samples PCAP] [--programs DIR of .bpf to mutate]");
      return 0;
    }
    return run(a, "fuzz: ");
  }

  /**
   * Runs a campaign for a front end of its own, which names itself in the error lines {@code
   * errorPrefix} starts (an unreadable sample capture or program directory); returns the exit
   * status (0 clean, 1 failures, 2 unreadable inputs).
   */
  public static int run(Arguments a, String errorPrefix) {
    System.out.println("fuzz: seed " + a.seed() + " (replay with --seed " + a.seed() + ")");
    try {
      List<byte[]> sample = a.samples() == null ? List.of() : readPcap(a.samples());
      List<io.bpfjit.BpfProgram> seeds =
          a.programs() == null ? List.of() : readPrograms(a.programs());
      long millis = a.seconds() * 1000;
      Campaign.Settings s =
          new Campaign.Settings(
              a.seed(), a.cases(), millis, a.packets(), 3000, JitOptions.defaults(), a.out(), 100);
      Campaign.Progress progress =
          new Campaign.Progress(System.out, System.console() != null, millis);
      Campaign.Result r = new Campaign(s, progress, sample, seeds).run();
      System.out.printf(
          "fuzz: %,d cases, %,d programs (%,d rejected, %,d with loops), %d/49 opcodes, %.0f cases/s%n",
          r.cases(), r.programs(), r.rejected(), r.loops(), r.opcodes(), r.casesPerSecond());
      for (String f : r.failures()) {
        System.out.println("FAILURE: " + f);
      }
      System.out.println(r.failures().size() + " failures");
      return r.failures().isEmpty() ? 0 : 1;
    } catch (IOException e) {
      System.err.println(errorPrefix + e.getMessage());
      return 2;
    }
  }

  /** Every {@code *.bpf} program under {@code dir}, as mutation seeds. */
  static List<io.bpfjit.BpfProgram> readPrograms(Path dir) throws IOException {
    List<io.bpfjit.BpfProgram> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bpf")).sorted().toList()) {
        out.add(io.bpfjit.BpfProgram.parse(Files.readString(f)));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(dir + ": no .bpf programs");
    }
    return out;
  }

  /** Packets of a capture file, as sample inputs. */
  static List<byte[]> readPcap(Path file) throws IOException {
    PacketBatch b = PacketBatch.load(file);
    List<byte[]> out = new ArrayList<>(b.count());
    for (int i = 0; i < b.count(); i++) {
      out.add(b.packet(i));
    }
    return out;
  }
}
