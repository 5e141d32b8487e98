package io.bpfjit.bench;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.capture.PacketBatch;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import io.bpfjit.jit.JitOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /** The packets of a corpus capture, held in memory. */
  public static BenchData packets(String pcap) {
    try {
      PacketBatch b = PacketBatch.load(corpus().resolve("pcaps").resolve(pcap));
      return new BenchData(b.data(), b.offsets(), b.caplens(), b.wirelens());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JIT's filter of {@code program} as a long-running user has it: tiered (the default), its
   * warm-up started at once (not after the first tier's work threshold), fed these packets until
   * the warm-up has ended: it runs its generated class, or (a large list of compares, which the
   * first tier runs as lookups) the first tier stayed faster. Steady-state benchmarks start here.
   * With {@code -Dbpfjit.bench.untiered=true}: the class from the first packet instead (an A/B of
   * what the tiering costs per call once switched).
   */
  public static JitFilter steadyJit(VerifiedProgram program, BenchData d) {
    if (Boolean.getBoolean("bpfjit.bench.untiered")) { // A/B of the tiering's per-call cost
      return BpfJit.compile(program, JitOptions.defaults().withTiering(false));
    }
    JitFilter f = BpfJit.compile(program).startWarmUp();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!f.warmUpEnded()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no end of the warm-up within 120 s: " + f);
      }
      f.count(d.data, d.offsets, d.caplens, d.wirelens, d.count);
    }
    if (!f.runsGeneratedCode()) {
      System.err.println("bench: stays on the first tier, faster than its class: " + f);
    }
    return f;
  }

  /** The packets as views of {@code all}, a buffer holding {@link #data}'s bytes at its indices. */
  public ByteBuffer[] views(ByteBuffer all) {
    ByteBuffer[] views = new ByteBuffer[count];
    for (int i = 0; i < count; i++) {
      views[i] = all.duplicate().limit(offsets[i] + caplens[i]).position(offsets[i]);
    }
    return views;
  }

  /** How many of the packets, given to {@code f} as {@code views} one call each, match. */
  public int count(PacketFilter f, ByteBuffer[] views) {
    int matched = 0;
    for (int i = 0; i < count; i++) {
      if (f.apply(views[i], wirelens[i]) != 0) {
        matched++;
      }
    }
    return matched;
  }

  /**
   * Feeds a tiered filter, settled by {@link #steadyJit}, the packets as {@code views} (buffers
   * without an accessible array) until the warm-up of its buffer class has ended: {@link
   * #steadyJit}'s wait for the buffer class. (A filter whose class lost to the first tier has no
   * buffer class either.)
   */
  public void steadyBuffers(JitFilter f, ByteBuffer[] views) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (f.options().tiered() && f.runsGeneratedCode() && !f.bufferWarmUpEnded()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no end of the buffers' warm-up within 120 s: " + f);
      }
      count(f, views);
    }
    if (f.options().tiered() && !f.buffersRunGeneratedCode()) {
      System.err.println("bench: buffers stay on the first tier, faster than its class: " + f);
    }
  }
}
