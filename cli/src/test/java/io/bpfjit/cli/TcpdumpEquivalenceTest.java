package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.testing.Corpus;
import io.bpfjit.testing.PcapBuilder;
import io.bpfjit.testing.PcapngBuilder;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tcpdump installed, {@code bpfjit filter -p PROG -w out} writes the same file, byte for byte
 * (header, record headers, packets), as {@code tcpdump -r in -w out EXPR}, for corpus programs and
 * captures, among them ones whose headers declare other snapshot lengths (1500, 1536, 2000, 10000,
 * 18), FCS-length bits in the link type, and a pcapng file. CI installs tcpdump; elsewhere the test
 * is skipped with a message.
 */
class TcpdumpEquivalenceTest {
  @TempDir Path tmp;

  static boolean haveTcpdump() {
    try {
      Process p = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void sameOutputAsTcpdump() throws Exception {
    if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
      assertTrue(haveTcpdump(), "tcpdump is required here (bpfjit.requireTcpdump=true)");
    }
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path pcaps = SharedData.corpus().resolve("pcaps");
    List<String> captures =
        List.of(
            "synthetic-coverage.pcap",
            "ipv6_ext_headers.pcap",
            "vxlan.pcap",
            "802.1ad_QinQ.pcap",
            "pppoes.pcap",
            "02-sunrise-sunset-esp.pcap",
            "decnet-shorthdr-oobr.pcap",
            "ah-ipip-ping.pcap");
    int compared = 0;
    for (Corpus.ProgramEntry e : Corpus.ethernetPrograms()) {
      if (!e.id().matches("0[0-9][0-9]|1[0-5][0-9]") || e.expr().contains("inbound")) {
        continue;
      }
      for (String c : captures) {
        Path in = pcaps.resolve(c);
        Path ours = tmp.resolve("ours.pcap");
        Path theirs = tmp.resolve("theirs.pcap");
        CliTest.Run r =
            CliTest.run("filter", "-p", e.bpf().toString(), "-w", ours.toString(), in.toString());
        assertEquals(0, r.code(), r.err());
        Process p =
            new ProcessBuilder(
                    "tcpdump",
                    "-y",
                    "EN10MB",
                    "-r",
                    in.toString(),
                    "-w",
                    theirs.toString(),
                    "--",
                    e.expr())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), e.id() + " " + e.expr() + ": " + log);
        long at = Files.mismatch(ours, theirs);
        assertEquals(-1, at, e.id() + " " + e.expr() + " on " + c + ": files differ at byte " + at);
        compared++;
      }
    }
    assertTrue(compared > 300, "compared " + compared);
    System.out.println(
        "tcpdump equivalence: " + compared + " (program, capture) pairs, files identical");
  }

  /** {@code length} bytes of an Ethernet/IPv4 packet, the {@code n}th of a file. */
  private static byte[] packet(int length, int n) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i == 12 ? 8 : i == 14 ? 0x45 : i * 7 + n);
    }
    return data;
  }

  /**
   * A classic pcap (version 2.4): the header's byte order, magic, snapshot length and link-type
   * field as given, then Ethernet/IPv4 records of these stored lengths (wire length one more).
   */
  private static byte[] pcap(ByteOrder order, int magic, int snaplen, int linkType, int... caps) {
    return records(new PcapBuilder(order, magic, 2, 4, snaplen, linkType), false, NONE, caps);
  }

  /** Records whose timestamp fractions are 2^31 or more, which libpcap reads as signed or not. */
  private static byte[] largeFractions(ByteOrder order, int magic) {
    PcapBuilder file = new PcapBuilder(order, magic, 2, 4, 0, 1);
    int[] fractions = {0xfffff000, 0x80000000, (int) 2_999_999_999L, 1_000_000_000};
    for (int n = 0; n < fractions.length; n++) {
      file.record(-n, fractions[n], 60, 60, packet(60, n));
    }
    return file.bytes();
  }

  /** No bytes after a record header's four fields. */
  private static final byte[] NONE = {};

  /** A patched file's 8 more bytes in each record header: interface, protocol, packet type. */
  private static final byte[] PATCH = {0, 0, 0, 2, 8, 0, 4, 0};

  /**
   * Adds records of these stored lengths to {@code file}, {@code extra} after each record header's
   * four fields; with {@code wireFirst} the two lengths come in the order of versions before 2.3.
   */
  private static byte[] records(PcapBuilder file, boolean wireFirst, byte[] extra, int... caps) {
    for (int n = 0; n < caps.length; n++) {
      int c = caps[n];
      int sec = 1_700_000_000 + n;
      int frac = 999_999 * (n % 2) + 123 * n;
      file.record(sec, frac, wireFirst ? c + 1 : c, wireFirst ? c : c + 1, extra, packet(c, n));
    }
    return file.bytes();
  }

  /**
   * A pcapng file of one Ethernet interface with this {@code if_tsresol} (-1: none) and {@code
   * if_tsoffset}, and three IPv4 packets with stamps that need scaling.
   */
  private static byte[] pcapng(ByteOrder order, int tsresol, long tsoffset) {
    byte[] data = packet(80, 0);
    return new PcapngBuilder(order)
        .section()
        .iface(1, 0, tsresol, tsoffset)
        .enhanced(0, 1_700_000_000_123_456_789L, data, 90)
        .enhanced(0, 0x0000_0123_4567_89abL, data, 91)
        .enhanced(0, 999_999_999L, data, 92)
        .bytes();
  }

  /**
   * Two sections of opposite byte orders, two interfaces (µs and ns), an unknown block, enhanced,
   * simple (one cut by the snapshot length) and obsolete packet blocks.
   */
  private static byte[] mixedPcapng() {
    byte[] data = packet(80, 0);
    return new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
        .section()
        .iface(1, 70, -1)
        .iface(1, 70, 9)
        .other(0x0bad)
        .enhanced(0, 1_000_000L, java.util.Arrays.copyOf(data, 60), 60)
        .enhanced(1, 2_000_000_123L, java.util.Arrays.copyOf(data, 70), 80)
        .simple(java.util.Arrays.copyOf(data, 50))
        .simple(java.util.Arrays.copyOf(data, 72), 80)
        .obsolete(1, 3_000_000_000L, java.util.Arrays.copyOf(data, 40))
        .section()
        .iface(1, 70, -1)
        .enhanced(0, 5_000_000L, java.util.Arrays.copyOf(data, 70), 100)
        .bytes();
  }

  /**
   * Headers and record lengths beyond the corpus's, as tcpdump handles them: either byte order,
   * nanosecond stamps (written back as microseconds), snapshot lengths of zero, 100 and huge,
   * records longer than the snapshot length (cut) and than the link type allows (damage, the
   * packets before it kept, a non-zero exit from both); pcapng stamps in nano-, milli- and binary
   * fractions of a second, with time offsets; versions 2.2, 2.3 and 543.0, whose lengths come
   * swapped; nanosecond fields of 2^31 and more (signed in libpcap); the "modified" pcap of old
   * Linux tcpdumps.
   */
  @Test
  void generatedHeadersAndLengthsAsTcpdump() throws Exception {
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    int us = PcapBuilder.MICROS;
    int ns = PcapBuilder.NANOS;
    int patched = PcapBuilder.PATCHED;
    List<byte[]> files =
        List.of(
            pcap(le, us, 100, 1, 60, 200, 100, 101, 99),
            pcap(be, us, 1536, 1, 60, 1536, 1537, 70),
            pcap(le, ns, 0, 1, 60, 1600, 70),
            pcap(be, ns, -5, 0x30000001, 60, 80),
            pcap(le, us, 0x7fffffff, 1, 60, 262144, 70),
            pcap(le, us, 100, 1, 60, 70, 300_000, 60),
            pcap(le, us, 0x7fffffff, 1, 60, 262145, 60),
            records(new PcapBuilder(le, patched, 2, 4, 65535, 1), false, PATCH, 60, 70, 80),
            records(new PcapBuilder(be, patched, 2, 4, 0, 1), false, PATCH, 60, 262144, 80),
            records(new PcapBuilder(le, us, 2, 2, 0, 1), true, NONE, 60, 70, 80),
            records(new PcapBuilder(be, us, 2, 3, 0, 1), true, NONE, 60, 70, 80),
            records(new PcapBuilder(le, us, 543, 0, 0, 1), true, NONE, 60, 70, 80),
            largeFractions(be, ns),
            largeFractions(le, ns),
            largeFractions(be, us),
            pcapng(ByteOrder.LITTLE_ENDIAN, 9, 0),
            pcapng(ByteOrder.BIG_ENDIAN, 3, 3600),
            pcapng(ByteOrder.LITTLE_ENDIAN, 0x94, -7200),
            pcapng(ByteOrder.BIG_ENDIAN, 0x80 | 40, 0),
            pcapng(ByteOrder.LITTLE_ENDIAN, -1, 1),
            mixedPcapng());
    int compared = 0;
    for (int f = 0; f < files.size(); f++) {
      Path in = Files.write(tmp.resolve("gen-" + f + ".pcap"), files.get(f));
      for (String expr : List.of("ip", "", "ip[50] = 0xff")) {
        Path prog = tmp.resolve("gen.ddd");
        Process c = new ProcessBuilder("tcpdump", "-y", "EN10MB", "-ddd", expr).start();
        Files.write(prog, c.getInputStream().readAllBytes());
        assertEquals(0, c.waitFor());
        Runs runs = runBoth(prog, in, expr);
        runs.assertSameOutput("file " + f + " '" + expr + "'");
        compared++;
      }
    }
    assertEquals(63, compared);
  }

  /**
   * libpcap's post-processing of records, checked against tcpdump on random records of the link
   * types it converts: pseudo-headers of big-endian files (pflog, SocketCAN behind SLL and SLL2,
   * Linux USB and memory-mapped USB with isochronous descriptors, NFLOG TLVs) come out in this
   * host's order, little-endian ones as they are, and memory-mapped USB wire lengths are
   * recomputed; records cut by snapshot lengths that end inside the fields. tcpdump writes what its
   * filter saw, so equal files mean equal bytes under the filter. Then pcapng interfaces that
   * differ, and sections of the other byte order, stop both at the same record.
   */
  @Test
  void pseudoHeadersAndInterfacesAsTcpdump() throws Exception {
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path all = Files.writeString(tmp.resolve("all.ddd"), "1\n6 0 0 262144\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261201);
    int[] linkTypes = {117, 113, 276, 189, 220, 239, 1};
    int compared = 0;
    List<byte[]> files = new java.util.ArrayList<>();
    for (int linkType : linkTypes) {
      for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
        for (int snaplen : new int[] {0, 13, 22, 47, 61, 70, 100}) {
          PcapBuilder file = new PcapBuilder(order, snaplen, linkType);
          PcapngBuilder ng = new PcapngBuilder(order).section().iface(linkType, snaplen, -1);
          for (int n = 0; n < 40; n++) {
            byte[] data = pseudoHeaderRecord(linkType, random);
            int wire = data.length + (random.nextInt(4) == 0 ? 0 : random.nextInt(3));
            if (linkType == 220 && random.nextBoolean()) { // the length older libpcaps wrote
              ByteBuffer h = ByteBuffer.wrap(data).order(order);
              wire = 64 + h.getInt(60) * 16 + h.getInt(32);
            }
            int cap = Math.min(data.length, snaplen == 0 ? data.length : snaplen);
            file.record(n, 0, cap, wire, java.util.Arrays.copyOf(data, cap));
            ng.enhanced(0, n, java.util.Arrays.copyOf(data, cap), wire);
          }
          files.add(file.bytes());
          files.add(ng.bytes());
        }
      }
    }
    byte[] big = new byte[70_000]; // a TLV of length 0xffff: libpcap's 16-bit padding makes it 0
    big[4] = (byte) 0xff;
    big[5] = (byte) 0xff;
    big[4 + 65536 + 1] = 8;
    big[4 + 65536 + 3] = 1;
    files.add(
        new PcapBuilder(ByteOrder.BIG_ENDIAN, 0, 239).record(0, 0, 70_000, 70_000, big).bytes());
    byte[] one = packet(60, 1);
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    files.add(ng(le, 1, 0, one).iface(113, 0, -1).enhanced(1, 5, one, 60).bytes());
    files.add(ng(be, 1, 100, one).iface(1, 90, -1).enhanced(1, 5, one, 60).bytes());
    files.add(ng(le, 101, 0, one).iface(101, 0, -1).enhanced(1, 5, one, 60).bytes());
    files.add(ng(le, 101, 0, one).iface(12, 0, -1).enhanced(1, 5, one, 60).bytes());
    files.add(
        ng(le, 1, 0, one).order(be).section().iface(1, 0, -1).enhanced(0, 5, one, 60).bytes());
    files.add(ng(be, 1, 0, one).section(2, 0).iface(1, 0, -1).enhanced(0, 5, one, 60).bytes());
    files.add(ng(be, 1, 0, one).section(1, 9).iface(1, 0, -1).enhanced(0, 5, one, 60).bytes());
    // section headers before the first interface: libpcap's open skips them unread
    files.add(
        new PcapngBuilder(be)
            .section()
            .section(2, 0)
            .iface(1, 0, -1)
            .enhanced(0, 5, one, 60)
            .bytes());
    files.add(
        new PcapngBuilder(le)
            .section()
            .order(be)
            .section()
            .iface(1, 0, -1)
            .enhanced(0, 5, one, 60)
            .bytes());
    List<List<PcapngBuilder.Option>> options =
        List.of(
            List.of(opt(9, 6), opt(9, 9)), // if_tsresol twice
            List.of(new PcapngBuilder.Option(9, new byte[2])), // of two bytes
            List.of(opt(9, 19)), // 10^-19 s: the finest decimal
            List.of(opt(9, 20)),
            List.of(opt(9, 0x80 | 63)), // 2^-63 s: the finest binary
            List.of(opt(9, 0x80 | 64)),
            List.of(opt(9, 0)), // whole seconds
            List.of(new PcapngBuilder.Option(14, new byte[4])), // if_tsoffset of four bytes
            List.of(
                new PcapngBuilder.Option(14, new byte[8]),
                new PcapngBuilder.Option(14, new byte[8])),
            List.of(
                new PcapngBuilder.Option(0, new byte[4]), opt(9, 3)), // end of options, length 4
            List.of(
                new PcapngBuilder.Option(0, new byte[0]), opt(9, 9), opt(9, 9))); // after the end
    long stamp = 0xfedc_ba98_7654_3210L;
    for (List<PcapngBuilder.Option> o : options) {
      PcapngBuilder.Option[] array = o.toArray(new PcapngBuilder.Option[0]);
      for (ByteOrder order : List.of(le, be)) {
        files.add( // on the first interface: refused when opening
            new PcapngBuilder(order)
                .section()
                .iface(1, 0, array)
                .enhanced(0, stamp, one, 60)
                .bytes());
        files.add( // on the second: reading stops there
            ng(order, 1, 0, one).iface(1, 0, array).enhanced(1, stamp, one, 60).bytes());
      }
    }
    for (int length : new int[] {16 << 20, (16 << 20) + 4}) { // libpcap's largest block
      files.add(ng(le, 1, 0, one).other(0x0bad, length).enhanced(0, 5, one, 60).bytes());
      files.add(ng(be, 231, 0, one).other(0x0bad, length).enhanced(0, 5, one, 60).bytes());
    }
    for (int at : new int[] {24, 56}) { // a trailing length that differs: the first section's
      byte[] bad = ng(be, 1, 0, one).bytes(); // is not checked, an interface's is
      bad[at + 2] = 0x7f;
      files.add(bad);
    }
    files.add(new PcapBuilder(le, 0, 12).record(1, 2, 60, 60, one).bytes());
    files.add(new PcapBuilder(be, 0, 0x0400000f).record(1, 2, 60, 60, one).bytes());
    for (byte[] bytes : files) {
      Path in = Files.write(tmp.resolve("pseudo-" + compared + ".cap"), bytes);
      runBoth(all, in).assertLikeTcpdump(in.getFileName().toString());
      compared++;
    }
    assertEquals(files.size(), compared);
  }

  /** How many files gave tcpdump's output, and how many both refused. */
  private static final class Tally {
    private int compared;
    private int refused;

    void add(boolean compared) {
      if (compared) {
        this.compared++;
      } else {
        refused++;
      }
    }

    /** Asserts more than the given numbers of each, and prints them. */
    void report(String what, int leastCompared, int leastRefused) {
      String counts = compared + " compared, " + refused + " refused by both";
      assertTrue(compared > leastCompared && refused > leastRefused, what + ": " + counts);
      System.out.println("tcpdump on " + what + ": " + counts);
    }
  }

  /** A run of bpfjit and one of tcpdump on the same capture, with their outputs. */
  private record Runs(
      CliTest.Run bpfjit, int tcpdumpCode, String tcpdumpLog, Path ours, Path theirs) {
    boolean tcpdumpWrote() {
      return Files.exists(theirs);
    }

    /** Both succeeded or both failed, and wrote the same file. */
    void assertSameOutput(String what) throws IOException {
      String details = what + ": " + tcpdumpLog + bpfjit.err();
      assertEquals(tcpdumpCode == 0, bpfjit.code() == 0, details);
      assertTrue(Files.exists(ours), details + ": bpfjit wrote no output");
      long at = Files.mismatch(ours, theirs);
      assertEquals(-1, at, details + ": files differ at byte " + at);
    }

    /**
     * Where tcpdump wrote an output, the same file ({@link #assertSameOutput}, true); where it
     * refused the file, that bpfjit did too ({@link #assertBothRefused}, false).
     */
    boolean assertLikeTcpdump(String what) throws IOException {
      if (tcpdumpWrote()) {
        assertSameOutput(what);
        return true;
      }
      assertBothRefused(what);
      return false;
    }

    /** tcpdump refused the file when opening it: bpfjit failed too and wrote no file. */
    void assertBothRefused(String what) {
      String details = what + ": " + tcpdumpLog + bpfjit.err();
      assertTrue(tcpdumpCode != 0 && bpfjit.code() != 0, details);
      assertFalse(Files.exists(ours), details + ": bpfjit wrote an output");
    }
  }

  /**
   * {@code bpfjit filter -p program -w OURS in} and {@code tcpdump -r in -w THEIRS expr}, neither
   * output there before.
   */
  private Runs runBoth(Path program, Path in, String... expr)
      throws IOException, InterruptedException {
    Path ours = tmp.resolve("ours.pcap");
    Path theirs = tmp.resolve("theirs.pcap");
    Files.deleteIfExists(ours);
    Files.deleteIfExists(theirs);
    CliTest.Run r =
        CliTest.run("filter", "-p", program.toString(), "-w", ours.toString(), in.toString());
    List<String> command =
        new java.util.ArrayList<>(List.of("tcpdump", "-r", in.toString(), "-w", theirs.toString()));
    command.addAll(List.of(expr));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    return new Runs(r, p.waitFor(), log, ours, theirs);
  }

  /** A one-byte option (if_tsresol, say). */
  private static PcapngBuilder.Option opt(int code, int value) {
    return new PcapngBuilder.Option(code, new byte[] {(byte) value});
  }

  /** A section with one interface and {@code data} recorded on it. */
  private static PcapngBuilder ng(ByteOrder order, int linkType, int snaplen, byte[] data) {
    return new PcapngBuilder(order).section().iface(linkType, snaplen, -1).enhanced(0, 1, data, 60);
  }

  /**
   * A random record of {@code linkType} whose pseudo-header takes the paths libpcap's conversion
   * takes: pflog header lengths around its fields, SLL protocols CAN, CAN FD and IPv4, USB transfer
   * types and isochronous descriptor counts, NFLOG versions and TLV lengths (zero, unaligned, too
   * long, 0xffff). Multi-byte fields are written in no particular order: the file's byte order is
   * what decides whether libpcap converts them.
   */
  private static byte[] pseudoHeaderRecord(int linkType, java.util.SplittableRandom random) {
    byte[] d = new byte[24 + random.nextInt(90)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) random.nextInt(256);
    }
    switch (linkType) {
      case 117 -> d[0] = (byte) (44 + random.nextInt(20)); // the header's own length
      case 113, 276 -> {
        int at = linkType == 113 ? 14 : 0;
        d[at] = 0;
        d[at + 1] = (byte) (new int[] {0x0c, 0x0d, 0x00})[random.nextInt(3)];
      }
      case 189, 220 -> {
        d = java.util.Arrays.copyOf(d, 64 + random.nextInt(80));
        d[8] = (byte) (random.nextBoolean() ? 'C' : 'S');
        d[9] = (byte) random.nextInt(2); // isochronous or interrupt
        d[10] = (byte) (random.nextBoolean() ? 0x81 : 0x01);
        d[15] = (byte) (random.nextInt(4) == 0 ? 1 : 0); // data flag: 0 means data present
        int ndesc = random.nextInt(4);
        boolean bigEndianLooking = random.nextBoolean();
        for (int at : new int[] {60}) {
          ByteBuffer.wrap(d)
              .order(bigEndianLooking ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
              .putInt(at, ndesc);
        }
      }
      case 239 -> {
        d[1] = (byte) (random.nextInt(5) == 0 ? 1 : 0);
        for (int p = 4; p + 4 <= d.length; p += 8) {
          int length = (new int[] {0, 3, 4, 5, 8, 200, 0xffff})[random.nextInt(7)];
          ByteBuffer.wrap(d)
              .order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
              .putShort(p, (short) length);
        }
      }
      default -> {}
    }
    return d;
  }

  /**
   * pcapng files as random sequences of well-formed blocks, against tcpdump: 300 files ({@code
   * -Dbpfjit.blockFiles}) of section headers (either order, versions 1.0, 1.2 and others),
   * interfaces (link types, snapshot lengths, resolutions, offsets), enhanced, obsolete and simple
   * packet blocks on declared and undeclared interfaces, and other block types, in any order. Where
   * tcpdump writes an output, bpfjit writes the same file and both succeed or both fail; where it
   * refuses the file, bpfjit fails and writes no file. This is how the orders of blocks libpcap
   * reads (a section header before the first interface is skipped unread) are checked; the
   * damaged-capture test breaks bytes instead.
   */
  @Test
  void pcapngBlockSequencesAsTcpdump() throws Exception {
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path all = Files.writeString(tmp.resolve("all.ddd"), "1\n6 0 0 262144\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(1002);
    int files = Integer.getInteger("bpfjit.blockFiles", 300);
    Tally tally = new Tally();
    for (int n = 0; n < files; n++) {
      ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      PcapngBuilder file = new PcapngBuilder(order);
      randomSection(file, random, true);
      int blocks = 1 + random.nextInt(9);
      for (int b = 0; b < blocks; b++) {
        // first an interface, two times in three; else mostly a section header before it
        int kind =
            b > 0
                ? random.nextInt(12)
                : random.nextInt(3) != 0 ? 0 : new int[] {5, 5, 5, 4, 6}[random.nextInt(5)];
        byte[] data = packet(new int[] {60, 60, 120, 42, 0, 14, 1500}[random.nextInt(7)], n);
        int iface = random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2);
        long stamp = random.nextLong(1L << 40);
        switch (kind) {
          case 0, 1 -> randomInterface(file, random);
          case 2 -> file.obsolete(iface, stamp, data);
          case 3 -> file.simple(data, data.length + random.nextInt(2) * 10);
          case 4 -> file.other(new int[] {4, 5, 0xbad, 0x40000bad}[random.nextInt(4)]);
          case 5 ->
              randomSection(
                  file.order(random.nextInt(4) == 0 ? flip(order) : order), random, false);
          default -> file.enhanced(iface, stamp, data, data.length + random.nextInt(2) * 10);
        }
      }
      Runs runs = runBoth(all, Files.write(tmp.resolve("blocks.pcapng"), file.bytes()));
      String what = "block sequence " + n;
      tally.add(runs.assertLikeTcpdump(what));
    }
    tally.report(files + " pcapng block sequences", files / 3, files / 10);
  }

  private static ByteOrder flip(ByteOrder order) {
    return order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  /**
   * A section header, mostly of version 1.0: a first one sometimes of 1.2 or of a version libpcap
   * refuses there (1.1, 2.0, 0.0), a later one of 1.9, 2.0 or 0.0.
   */
  private static void randomSection(
      PcapngBuilder file, java.util.SplittableRandom random, boolean first) {
    int[][] versions =
        first
            ? new int[][] {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 2}, {1, 1}, {2, 0}, {0, 0}}
            : new int[][] {{1, 0}, {1, 0}, {1, 9}, {2, 0}, {0, 0}};
    int[] v = versions[random.nextInt(versions.length)];
    file.section(v[0], v[1]);
  }

  /** An interface of a common link type and snapshot length, sometimes with stamp options. */
  private static void randomInterface(PcapngBuilder file, java.util.SplittableRandom random) {
    int linkType = new int[] {1, 1, 1, 1, 101, 12, 113, 0}[random.nextInt(8)];
    int snaplen = new int[] {0, 0, 0, 100, 65535, 40, 262144, 300000}[random.nextInt(8)];
    List<PcapngBuilder.Option> options = new java.util.ArrayList<>();
    if (random.nextInt(5) == 0) {
      options.add(opt(9, new int[] {6, 9, 3, 0x80 | 20, 0, 19, 20}[random.nextInt(7)]));
    }
    if (random.nextInt(10) == 0) {
      byte[] offset = new byte[8];
      offset[random.nextInt(8)] = (byte) random.nextInt(256);
      options.add(new PcapngBuilder.Option(14, offset));
    }
    file.iface(linkType, snaplen, options.toArray(new PcapngBuilder.Option[0]));
  }

  /**
   * Damaged captures, against tcpdump: 400 files ({@code -Dbpfjit.damagedFiles}) made from pcap and
   * pcapng seeds (both byte orders, microsecond and nanosecond, link types libpcap post-processes,
   * two sections, every packet block kind) by setting bytes, writing 32-bit values that are lengths
   * at some place, cutting and inserting bytes. Where tcpdump writes an output, bpfjit writes the
   * same file and both succeed or both fail; where tcpdump refuses the file when opening it, bpfjit
   * fails and writes no file. Files whose damage is a link type tcpdump cannot compile a filter for
   * are not compared.
   */
  @Test
  void damagedCapturesAsTcpdump() throws Exception {
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    Path all = Files.writeString(tmp.resolve("all.ddd"), "1\n6 0 0 262144\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(1993);
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      for (int linkType : new int[] {1, 220, 239, 113}) {
        seeds.add(seedPcap(order, linkType, random));
        seeds.add(seedPcapng(order, linkType, random));
      }
    }
    Tally tally = new Tally();
    int files = Integer.getInteger("bpfjit.damagedFiles", 400);
    for (int n = 0; n < files; n++) {
      byte[] file = damage(seeds.get(random.nextInt(seeds.size())), random);
      Runs runs = runBoth(all, Files.write(tmp.resolve("damaged.cap"), file));
      String what = "damaged file " + n;
      CliTest.Run r = runs.bpfjit();
      assertTrue(!r.err().contains("Exception") && r.code() <= 4, what + ": " + r.err());
      if (runs.tcpdumpLog().contains("unknown data link type")) {
        continue;
      }
      tally.add(runs.assertLikeTcpdump(what));
    }
    tally.report(files + " damaged captures", files / 2, files / 40);
  }

  /** A classic pcap of 12 random records (lengths 14 to 119, wire lengths up to 2 more). */
  private static byte[] seedPcap(ByteOrder order, int linkType, java.util.SplittableRandom random) {
    int magic = random.nextBoolean() ? PcapBuilder.MICROS : PcapBuilder.NANOS;
    PcapBuilder file =
        new PcapBuilder(order, magic, 2, 4, random.nextBoolean() ? 0 : 100, linkType);
    for (int n = 0; n < 12; n++) {
      byte[] data = randomBytes(14 + random.nextInt(106), random);
      file.record(n, random.nextInt(), data.length, data.length + random.nextInt(3), data);
    }
    return file.bytes();
  }

  /** A pcapng of two sections, two interfaces each, and 12 packets in every kind of block. */
  private static byte[] seedPcapng(
      ByteOrder order, int linkType, java.util.SplittableRandom random) {
    PcapngBuilder file =
        new PcapngBuilder(order).section().iface(linkType, 0, 6).iface(linkType, 0, 9, 100);
    for (int n = 0; n < 12; n++) {
      if (n == 8) {
        file.section().iface(linkType, 0, -1).other(0x0bad);
      }
      byte[] data = randomBytes(14 + random.nextInt(106), random);
      switch (random.nextInt(3)) {
        case 0 -> file.enhanced(n < 8 ? n % 2 : 0, n * 1_000_003L, data, data.length + 1);
        case 1 -> file.simple(data);
        default -> file.obsolete(0, n * 7L, data);
      }
    }
    return file.bytes();
  }

  private static byte[] randomBytes(int length, java.util.SplittableRandom random) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  /** One to three kinds of damage, mostly in the first 200 bytes, where the headers are. */
  private static byte[] damage(byte[] seed, java.util.SplittableRandom random) {
    byte[] b = seed.clone();
    int[] lengths = {0, 1, -1, 0x7fffffff, 65536, 262144, 262145, 12, 28};
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      int at = random.nextInt(random.nextInt(5) < 3 ? Math.min(200, b.length) : b.length);
      switch (random.nextInt(5)) {
        case 0, 1 -> b[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : b[at] ^ 0x80);
        case 2 -> {
          int v = random.nextBoolean() ? lengths[random.nextInt(lengths.length)] : random.nextInt();
          for (int i = 0; i < 4 && at + i < b.length; i++) {
            b[at + i] = (byte) (v >>> (random.nextBoolean() ? 24 - 8 * i : 8 * i));
          }
        }
        case 3 -> b = java.util.Arrays.copyOf(b, Math.max(24, at));
        default -> {
          byte[] grown = new byte[b.length + 4];
          System.arraycopy(b, 0, grown, 0, at);
          System.arraycopy(b, at, grown, at + 4, b.length - at);
          b = grown;
        }
      }
    }
    return b;
  }
}
