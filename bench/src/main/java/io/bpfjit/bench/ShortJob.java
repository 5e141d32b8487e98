package io.bpfjit.bench;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import io.bpfjit.jit.JitOptions;
import io.bpfjit.jit.internal.FirstTier;
import java.nio.file.Files;

/**
 * The short job of issue 16, run in a fresh JVM by {@code bench/short-job.sh}: parse, verify and
 * compile one corpus program, then filter the first 4,096 packets of {@code bench-mix.pcap} five
 * times (20,480 packets), and print the milliseconds that took (packets are read beforehand).
 *
 * <pre>ShortJob ENGINE ID   ENGINE: jit (tiered, the default) | jit-untiered | interpreter</pre>
 */
public final class ShortJob {
  static final int PACKETS = 4096;
  static final int ROUNDS = 5;

  private ShortJob() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    String text =
        Files.readString(BenchData.corpus().resolve("programs").resolve(args[1] + ".bpf"));
    BenchData d = BenchData.packets("bench-mix.pcap");
    int n = Math.min(PACKETS, d.count);
    long start = System.nanoTime();
    VerifiedProgram v = Verifier.verify(BpfProgram.parse(text));
    PacketFilter f =
        switch (engine) {
          case "jit" -> BpfJit.compile(v);
          case "jit-untiered" -> BpfJit.compile(v, JitOptions.defaults().withTiering(false));
          case "interpreter" -> BpfInterpreter.of(v);
          case "first-tier" -> FirstTier.of(v);
          default -> throw new IllegalArgumentException("engine: jit, jit-untiered, interpreter");
        };
    long matched = 0;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < n; i++) {
        if (f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
          matched++;
        }
      }
    }
    long nanos = System.nanoTime() - start;
    String tier =
        f instanceof JitFilter j && j.runsGeneratedCode() ? " (ended on generated code)" : "";
    System.out.printf("%s %s %.1f ms %d matched%s%n", engine, args[1], nanos / 1e6, matched, tier);
  }
}
