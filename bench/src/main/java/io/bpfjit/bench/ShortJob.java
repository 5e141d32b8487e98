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
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * From cold, in a fresh JVM (run by {@code bench/short-job.sh} and the report):
 *
 * <pre>
 * ShortJob ENGINE ID          the short job of issue 16: parse, verify and compile one corpus
 *                             program, filter the first 4,096 packets of bench-mix.pcap five
 *                             times; prints the milliseconds, and when the first packet's
 *                             verdict came (the packets and the program's text are read
 *                             beforehand, as bench/src/main/c/shortjob.c reads them)
 * ShortJob curve ENGINE ID S  S seconds of filtering bench-mix.pcap over and over from the
 *                             compile on; prints "ms-since-start ns-per-packet" per 100 ms window
 * ShortJob classpath ENGINE   prints this JVM's class path as a user of ENGINE has it (what
 *                             the other two are run with: {@link #classPathFor})
 * </pre>
 *
 * ENGINE: jit (tiered, the default), jit-untiered (the class from the first packet), interpreter,
 * first-tier, pcap4j (libpcap's bpf_filter through JNA, a copy per packet as pcap4j takes it).
 */
public final class ShortJob {
  static final int PACKETS = 4096;
  static final int ROUNDS = 5;
  static final long WINDOW_NANOS = 100_000_000;

  private ShortJob() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("classpath")) {
      System.out.println(classPathFor(args[1], System.getProperty("java.class.path")));
      return;
    }
    if (args[0].equals("curve")) {
      curve(args[1], args[2], Double.parseDouble(args[3]));
      return;
    }
    String engine = args[0];
    BenchData d = BenchData.packets("bench-mix.pcap");
    int n = Math.min(PACKETS, d.count);
    String text = text(args[1]);
    long start = System.nanoTime();
    PacketFilter f = filter(engine, args[1], text);
    long matched = f.apply(d.data, d.offsets[0], d.caplens[0], d.wirelens[0]) != 0 ? 1 : 0;
    long first = System.nanoTime() - start;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = r == 0 ? 1 : 0; i < n; i++) {
        if (f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]) != 0) {
          matched++;
        }
      }
    }
    long nanos = System.nanoTime() - start;
    // (JitFilter named only for the JIT's engines: the others run without the JIT's jar)
    String tier =
        engine.startsWith("jit") && ((JitFilter) f).runsGeneratedCode()
            ? " (ended on generated code)"
            : "";
    System.out.printf(
        "%s %s %.1f ms %d matched, first packet at %.2f ms%s%n",
        engine, args[1], nanos / 1e6, matched, first / 1e6, tier);
  }

  /**
   * {@code classPath} as a user of {@code engine} has it: without the other engine's jars. A JIT
   * user's class path has no interpreter jar; left in front of the JIT's (Maven's order), it made
   * the JIT's first class open one jar more, 1.5-3 ms of a fresh JVM (measured for 186u).
   */
  static String classPathFor(String engine, String classPath) {
    String other =
        engine.startsWith("jit") || engine.equals("first-tier")
            ? "bpfjit-interpreter-"
            : engine.equals("interpreter") ? "bpfjit-jit-" : null;
    if (other == null) {
      return classPath;
    }
    boolean withoutAsm = engine.equals("interpreter"); // ASM: the JIT's only dependency
    List<String> kept = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path name = Path.of(entry).getFileName();
      boolean asm = entry.contains("/org/ow2/asm/");
      if (name != null && !name.toString().startsWith(other) && !(asm && withoutAsm)) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /** Corpus program {@code id}'s text. */
  static String text(String id) throws IOException {
    return Files.readString(BenchData.corpus().resolve("programs").resolve(id + ".bpf"));
  }

  /**
   * Parses, verifies and compiles corpus program {@code id} (whose text is {@code text}) for {@code
   * engine}.
   */
  static PacketFilter filter(String engine, String id, String text) throws Exception {
    if (engine.equals("pcap4j")) {
      return pcap4j(id);
    }
    VerifiedProgram v = Verifier.verify(BpfProgram.parse(text));
    return switch (engine) {
      case "jit" -> BpfJit.compile(v);
      case "jit-untiered" -> BpfJit.compile(v, JitOptions.defaults().withTiering(false));
      case "interpreter" -> BpfInterpreter.of(v);
      case "first-tier" -> FirstTier.of(v);
      default ->
          throw new IllegalArgumentException(
              "engine: jit, jit-untiered, interpreter, first-tier, pcap4j");
    };
  }

  /** libpcap's own program for the corpus expression, run by bpf_filter through pcap4j. */
  private static PacketFilter pcap4j(String id) throws Exception {
    Pcap4jSupport.configure();
    boolean optimize = !id.endsWith("u");
    org.pcap4j.core.BpfProgram p =
        Pcaps.compileFilter(
            262144,
            DataLinkType.EN10MB,
            BenchData.expressions().get(id),
            optimize ? BpfCompileMode.OPTIMIZE : BpfCompileMode.NONOPTIMIZE,
            (java.net.Inet4Address) java.net.InetAddress.getByName("255.255.255.255"));
    return (packet, offset, caplen, wirelen) ->
        p.applyFilter(java.util.Arrays.copyOfRange(packet, offset, offset + caplen)) ? 1 : 0;
  }

  /** Per 100 ms window from before the compile: the mean ns per packet in it. */
  static void curve(String engine, String id, double seconds) throws Exception {
    BenchData d = BenchData.packets("bench-mix.pcap");
    String text = text(id);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    PacketFilter f = filter(engine, id, text);
    List<String> out = new ArrayList<>();
    long windowStart = start;
    long packets = 0;
    long sink = 0;
    int i = 0;
    while (true) {
      sink += f.apply(d.data, d.offsets[i], d.caplens[i], d.wirelens[i]);
      packets++;
      i = i + 1 == d.count ? 0 : i + 1;
      if ((packets & 15) == 0 || d.count < 16) {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
          out.add(
              String.format(
                  "%d %.1f", (now - start) / 1_000_000, (now - windowStart) / (double) packets));
          windowStart = now;
          packets = 0;
          if (now >= end) {
            break;
          }
        }
      }
    }
    out.forEach(System.out::println);
    System.err.println("checksum " + sink);
  }
}
