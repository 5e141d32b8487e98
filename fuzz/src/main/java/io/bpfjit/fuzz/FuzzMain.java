package io.bpfjit.fuzz;

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
    long seconds = 60;
    long cases = Long.MAX_VALUE;
    long seed = System.nanoTime();
    Path out = Path.of("fuzz-failures");
    Path samples = null;
    int packets = 32;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--help") || a.equals("-h")) {
          System.out.println(
              "usage: fuzz [--seconds N] [--cases N] [--seed N] [--packets N per program]"
                  + " [--out DIR] [--samples PCAP]");
          return;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--seconds" -> seconds = Long.parseLong(v);
          case "--cases" -> cases = Long.parseLong(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--out" -> out = Path.of(v);
          case "--samples" -> samples = Path.of(v);
          case "--packets" -> packets = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz: " + e.getMessage() + " (try --help)");
      System.exit(2);
      return;
    }
    System.out.println("fuzz: seed " + seed + " (replay with --seed " + seed + ")");
    try {
      List<byte[]> sample = samples == null ? List.of() : readPcap(samples);
      Campaign.Settings s =
          new Campaign.Settings(
              seed, cases, seconds * 1000, packets, 3000, JitOptions.defaults(), out, 100);
      Campaign.Progress progress =
          new Campaign.Progress(System.out, System.console() != null, seconds * 1000);
      Campaign.Result r = new Campaign(s, progress, sample).run();
      System.out.printf(
          "fuzz: %,d cases, %,d programs (%,d rejected, %,d with loops), %d/49 opcodes, %.0f cases/s%n",
          r.cases(), r.programs(), r.rejected(), r.loops(), r.opcodes(), r.casesPerSecond());
      for (String f : r.failures()) {
        System.out.println("FAILURE: " + f);
      }
      System.out.println(r.failures().size() + " failures");
      System.exit(r.failures().isEmpty() ? 0 : 1);
    } catch (IOException e) {
      System.err.println("fuzz: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Packets of a classic pcap file, as sample inputs. */
  static List<byte[]> readPcap(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 24) {
      throw new IOException(file + ": not a pcap file (" + b.length + " bytes)");
    }
    boolean little = (b[0] & 0xff) == 0xd4 || (b[0] & 0xff) == 0x4d;
    List<byte[]> out = new ArrayList<>();
    int pos = 24;
    while (pos + 16 <= b.length) {
      int cap = u32(b, pos + 8, little);
      if (cap < 0 || pos + 16L + cap > b.length) {
        throw new IOException(file + ": record at byte " + pos + " runs past the end");
      }
      byte[] p = new byte[cap];
      System.arraycopy(b, pos + 16, p, 0, cap);
      out.add(p);
      pos += 16 + cap;
    }
    return out;
  }

  private static int u32(byte[] b, int i, boolean little) {
    int v =
        (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
    return little ? Integer.reverseBytes(v) : v;
  }
}
