package io.bpfjit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads {@code ../shared/corpus}: program index, captures and libpcap's expected results. */
public final class Corpus {
  private static final Map<Path, Capture> CAPTURES = new ConcurrentHashMap<>();

  private Corpus() {}

  /** A program of {@code programs/index.tsv} (or an other-DLT index). */
  public record ProgramEntry(String id, String expr, int insnCount, Path bpf, Path listing) {}

  /** libpcap's results for one program on one capture. */
  public record Expectation(String pcap, int[] results) {}

  /** Programs listed in {@code dir/index.tsv}. */
  public static List<ProgramEntry> programs(Path dir) {
    List<ProgramEntry> out = new ArrayList<>();
    for (String line : lines(dir.resolve("index.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(
          new ProgramEntry(
              f[0],
              f[1],
              Integer.parseInt(f[2]),
              dir.resolve(f[0] + ".bpf"),
              dir.resolve(f[0] + ".txt")));
    }
    return out;
  }

  /** The Ethernet programs. */
  public static List<ProgramEntry> ethernetPrograms() {
    return programs(SharedData.corpus().resolve("programs"));
  }

  private static final Map<String, java.nio.ByteBuffer[]> DIRECT = new ConcurrentHashMap<>();

  /**
   * The packets of a capture of {@code pcaps/} as views of one little-endian direct buffer (each
   * with its position and limit around the packet), made once per JVM: the input of engines that
   * read buffers in place.
   */
  public static java.nio.ByteBuffer[] directPackets(String name) {
    return DIRECT.computeIfAbsent(
        name,
        n -> {
          List<Capture.Packet> packets = capture(n).packets();
          int total = 0;
          for (Capture.Packet p : packets) {
            total += p.caplen();
          }
          java.nio.ByteBuffer all =
              java.nio.ByteBuffer.allocateDirect(Math.max(1, total))
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN);
          java.nio.ByteBuffer[] out = new java.nio.ByteBuffer[packets.size()];
          int at = 0;
          for (int i = 0; i < out.length; i++) {
            Capture.Packet p = packets.get(i);
            all.put(at, p.data(), p.offset(), p.caplen());
            out[i] =
                all.duplicate()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .limit(at + p.caplen())
                    .position(at);
            at += p.caplen();
          }
          return out;
        });
  }

  /** A capture of {@code pcaps/}, read once per JVM. */
  public static Capture capture(String name) {
    Path p = SharedData.corpus().resolve("pcaps").resolve(name);
    return CAPTURES.computeIfAbsent(
        p,
        path -> {
          try {
            return Capture.read(path);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** {@code expected/<id>.tsv}: per capture, libpcap's result for every packet. */
  public static List<Expectation> expected(String id) {
    List<Expectation> out = new ArrayList<>();
    for (String line : lines(SharedData.corpus().resolve("expected").resolve(id + ".tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Expectation(f[0], decode(f[4], Integer.parseInt(f[1]))));
    }
    return out;
  }

  /** {@code otherdlt/<dlt>/expected.tsv}: per program id, its expectations. */
  public static Map<String, List<Expectation>> otherDltExpected(Path dltDir) {
    Map<String, List<Expectation>> out = new LinkedHashMap<>();
    for (String line : lines(dltDir.resolve("expected.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(new Expectation(f[1], decode(f[5], Integer.parseInt(f[2]))));
    }
    return out;
  }

  /** Expands {@code VALUE} / {@code VALUE*COUNT} items into exactly {@code n} values. */
  static int[] decode(String rle, int n) {
    int[] out = new int[n];
    int i = 0;
    for (String item : rle.split(",")) {
      if (item.equals("LOOP")) {
        throw new IllegalStateException("LOOP results are not expected in this corpus");
      }
      int star = item.indexOf('*');
      long value = Long.parseLong(star < 0 ? item : item.substring(0, star));
      int count = star < 0 ? 1 : Integer.parseInt(item.substring(star + 1));
      for (int c = 0; c < count; c++) {
        out[i++] = (int) value;
      }
    }
    if (i != n) {
      throw new IllegalStateException("RLE gives " + i + " values, expected " + n);
    }
    return out;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
