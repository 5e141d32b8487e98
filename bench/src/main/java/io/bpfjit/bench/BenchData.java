package io.bpfjit.bench;

import io.bpfjit.BpfProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark inputs: corpus programs and the packets of {@code bench-mix.pcap}, all held in one
 * array (packet i at {@code offsets[i]}). The corpus directory comes from {@code -Dbpfjit.corpus}
 * (default {@code ../shared/corpus}).
 */
public final class BenchData {
  public final byte[] data;
  public final int[] offsets;
  public final int[] caplens;
  public final int[] wirelens;
  public final int count;

  private BenchData(byte[] data, int[] offsets, int[] caplens, int[] wirelens) {
    this.data = data;
    this.offsets = offsets;
    this.caplens = caplens;
    this.wirelens = wirelens;
    this.count = offsets.length;
  }

  /** The corpus directory. */
  public static Path corpus() {
    return Path.of(System.getProperty("bpfjit.corpus", "../shared/corpus"));
  }

  /** The program with this corpus id. */
  public static BpfProgram program(String id) {
    try {
      return BpfProgram.parse(Files.readString(corpus().resolve("programs").resolve(id + ".bpf")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Expression of every Ethernet program, by id (from {@code programs/index.tsv}). */
  public static java.util.Map<String, String> expressions() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String[] f : index()) {
      m.put(f[0], f[1]);
    }
    return m;
  }

  /** Rows of {@code programs/index.tsv}: id, expr, insn_count, set, optimized, backjump. */
  public static List<String[]> index() {
    try {
      List<String[]> rows = new ArrayList<>();
      for (String line : Files.readAllLines(corpus().resolve("programs/index.tsv"))) {
        if (!line.startsWith("#") && !line.isBlank()) {
          rows.add(line.split("\t"));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The packets of a classic little- or big-endian pcap file. */
  public static BenchData packets(String pcap) {
    try {
      byte[] b = Files.readAllBytes(corpus().resolve("pcaps").resolve(pcap));
      boolean little = (b[0] & 0xff) == 0xd4 || (b[0] & 0xff) == 0x4d;
      List<int[]> recs = new ArrayList<>();
      int pos = 24;
      while (pos + 16 <= b.length) {
        int cap = u32(b, pos + 8, little);
        int wire = u32(b, pos + 12, little);
        recs.add(new int[] {pos + 16, cap, wire});
        pos += 16 + cap;
      }
      int n = recs.size();
      int[] off = new int[n];
      int[] cap = new int[n];
      int[] wire = new int[n];
      for (int i = 0; i < n; i++) {
        off[i] = recs.get(i)[0];
        cap[i] = recs.get(i)[1];
        wire[i] = recs.get(i)[2];
      }
      return new BenchData(b, off, cap, wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int u32(byte[] b, int i, boolean little) {
    int v =
        (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
    return little ? Integer.reverseBytes(v) : v;
  }
}
