package io.bpfjit.fuzz;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.Opcode;
import io.bpfjit.ProgramFormatException;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import io.bpfjit.jit.JitOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fuzz campaign: generates programs and packets from one seed until a time or case limit, checks
 * the JIT against the interpreter, the verifier's and parser's robustness, and bulk against
 * per-packet filtering. Each failure is minimised and written as a regression vector.
 */
public final class Campaign {
  /** What a campaign is told to do. */
  public record Settings(
      long seed,
      long maxCases,
      long maxMillis,
      int packetsPerProgram,
      int maxProgramLength,
      JitOptions jit,
      Path failureDir,
      int stopAfterFailures) {}

  /** What it did. */
  public record Result(
      long cases,
      long programs,
      long rejected,
      int opcodes,
      long loops,
      List<String> failures,
      long millis) {
    public double casesPerSecond() {
      return millis == 0 ? 0 : cases * 1000.0 / millis;
    }
  }

  private final Settings s;
  private final Progress progress;
  private final List<byte[]> samples;
  private final List<BpfProgram> seeds;

  public Campaign(Settings s, Progress progress, List<byte[]> samples) {
    this(s, progress, samples, List.of());
  }

  /**
   * A campaign that also mutates {@code seeds} (e.g. the corpus programs) and uses {@code samples}
   * (e.g. real packets) as packet starting points.
   */
  public Campaign(Settings s, Progress progress, List<byte[]> samples, List<BpfProgram> seeds) {
    this.s = s;
    this.progress = progress;
    this.samples = samples;
    this.seeds = seeds;
  }

  public Result run() throws IOException {
    SplittableRandom r = new SplittableRandom(s.seed());
    long start = System.currentTimeMillis();
    long cases = 0;
    long programs = 0;
    long rejected = 0;
    long loops = 0;
    EnumSet<Opcode> seen = EnumSet.noneOf(Opcode.class);
    List<String> failures = new ArrayList<>();
    BpfProgram last = null;
    while (cases < s.maxCases()
        && System.currentTimeMillis() - start < s.maxMillis()
        && failures.size() < s.stopAfterFailures()) {
      int kind = r.nextInt(20);
      BpfProgram p;
      VerifierOptions options = VerifierOptions.libpcap();
      if (kind < 14 || last == null) {
        p = ProgramGenerator.realistic(r, s.maxProgramLength());
        options = options.withBackwardJumpBudget(r.nextInt(4) == 0 ? 0 : r.nextInt(64));
        last = p;
      } else if (kind < 17) {
        p = ProgramGenerator.raw(r);
      } else if (kind < 19) {
        BpfProgram base =
            !seeds.isEmpty() && r.nextBoolean() ? seeds.get(r.nextInt(seeds.size())) : last;
        p = ProgramGenerator.mutate(r, base);
      } else {
        String f = parseRobustness(r, last);
        if (f != null) {
          failures.add(f);
        }
        continue;
      }
      programs++;
      VerifiedProgram v;
      try {
        v = Verifier.verify(p, options);
      } catch (InvalidProgramException e) {
        rejected++;
        if (e.pc() < -1 || e.pc() >= p.size()) {
          failures.add("verifier pc " + e.pc() + " out of range: " + e.getMessage());
        }
        continue;
      } catch (RuntimeException e) {
        failures.add("verifier threw " + e + " on\n" + p.toDecimal());
        continue;
      }
      for (int pc = 0; pc < v.size(); pc++) {
        seen.add(v.opcode(pc));
      }
      if (v.hasBackwardJumps()) {
        loops++;
      }
      Differential d;
      try {
        d = Differential.of(v, s.jit());
      } catch (RuntimeException e) {
        failures.add(compileFailure(p, e));
        continue;
      }
      List<PacketGenerator.Input> inputs = new ArrayList<>();
      for (int i = 0; i < s.packetsPerProgram(); i++) {
        PacketGenerator.Input in = PacketGenerator.next(r, samples);
        inputs.add(in);
        cases++;
        String why = d.check(in);
        if (why != null) {
          failures.add(record(new Minimizer.Case(p, options, in), why));
          break;
        }
      }
      String bulk = bulk(d, inputs);
      if (bulk != null) {
        failures.add(bulk + "\n" + p.toDecimal());
      }
      progress.update(
          cases, programs, seen.size(), loops, failures.size(), System.currentTimeMillis() - start);
    }
    long millis = System.currentTimeMillis() - start;
    progress.done(cases, programs, seen.size(), loops, failures.size(), millis);
    return new Result(cases, programs, rejected, seen.size(), loops, List.copyOf(failures), millis);
  }

  private String record(Minimizer.Case c, String why) throws IOException {
    Minimizer.Case small = Minimizer.minimize(c, s.jit());
    VerifiedProgram v = Verifier.verify(small.program(), small.options());
    int expected = Differential.of(v, s.jit()).expected(small.input());
    String smallWhy = Differential.of(v, s.jit()).check(small.input());
    String text =
        RegressionWriter.text(small, expected, smallWhy != null ? smallWhy : why, s.seed());
    if (s.failureDir() != null) {
      String name =
          "fuzz-"
              + Long.toUnsignedString(s.seed(), 16)
              + "-"
              + Integer.toHexString(text.hashCode());
      Path file = RegressionWriter.write(s.failureDir(), name, text);
      return why + " (written to " + file + ")";
    }
    return why + "\n" + text;
  }

  private String compileFailure(BpfProgram p, RuntimeException e) throws IOException {
    String why = "JIT compile threw " + e;
    if (s.failureDir() != null) {
      Path file =
          RegressionWriter.write(
              s.failureDir(),
              "compile-"
                  + Long.toUnsignedString(s.seed(), 16)
                  + "-"
                  + Integer.toHexString(p.hashCode()),
              "# " + why + "\n-- program\n" + p.toDecimal() + "-- packet\n00\n-- result\n0\n");
      return why + " (program written to " + file + ")";
    }
    return why + " on a " + p.size() + "-instruction program";
  }

  private static String bulk(Differential d, List<PacketGenerator.Input> inputs) {
    int total = 0;
    for (PacketGenerator.Input in : inputs) {
      total += in.caplen();
    }
    byte[] data = new byte[total];
    int n = inputs.size();
    int[] offs = new int[n];
    int[] caps = new int[n];
    int[] wires = new int[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      PacketGenerator.Input in = inputs.get(i);
      System.arraycopy(in.data(), in.offset(), data, pos, in.caplen());
      offs[i] = pos;
      caps[i] = in.caplen();
      wires[i] = in.wirelen();
      pos += in.caplen();
    }
    return d.checkBulk(data, offs, caps, wires, n);
  }

  /** Mutated program text must parse or fail with ProgramFormatException, nothing else. */
  static String parseRobustness(SplittableRandom r, BpfProgram p) {
    String[] forms = {p.toAssembly(), p.toDecimal(), p.toCArray(), p.toComma()};
    StringBuilder text = new StringBuilder(forms[r.nextInt(forms.length)]);
    int edits = 1 + r.nextInt(4);
    String alphabet = " \t\n,#[]{}()x+-:;0123456789abcdefjtMldhbretaxq%&*4";
    for (int i = 0; i < edits && text.length() > 0; i++) {
      int at = r.nextInt(text.length());
      switch (r.nextInt(3)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        default -> text.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
      }
    }
    try {
      BpfProgram.parse(text.toString());
      return null;
    } catch (ProgramFormatException e) {
      return e.line() >= 1 && e.column() >= 1 ? null : "bad position in " + e.getMessage();
    } catch (RuntimeException e) {
      return "parse threw " + e + " on:\n" + text;
    }
  }

  /** Reports progress: a bar on a terminal, plain lines otherwise. */
  public static final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private long lastPrint;

    public Progress(PrintStream out, boolean terminal, long totalMillis) {
      this.out = out;
      this.terminal = terminal;
      this.total = totalMillis;
    }

    /** A reporter that prints nothing. */
    public static Progress silent() {
      return new Progress(null, false, 1);
    }

    void update(long cases, long programs, int opcodes, long loops, int failures, long millis) {
      if (out == null || millis - lastPrint < (terminal ? 200 : 10_000)) {
        return;
      }
      lastPrint = millis;
      String line = line(cases, programs, opcodes, loops, failures, millis);
      if (terminal) {
        int width = 30;
        int filled = (int) Math.min(width, width * millis / Math.max(1, total));
        out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line);
      } else {
        out.println(line);
      }
      out.flush();
    }

    void done(long cases, long programs, int opcodes, long loops, int failures, long millis) {
      if (out != null) {
        if (terminal) {
          out.println();
        }
        out.println("done: " + line(cases, programs, opcodes, loops, failures, millis));
      }
    }

    private static String line(
        long cases, long programs, int opcodes, long loops, int failures, long millis) {
      return String.format(
          "%,d cases (%,d/s), %,d programs (%,d with loops), %d/49 opcodes, %d failures, %ds",
          cases,
          millis == 0 ? 0 : cases * 1000 / millis,
          programs,
          loops,
          opcodes,
          failures,
          millis / 1000);
    }
  }
}
