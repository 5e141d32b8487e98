package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.testing.Corpus;
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

  /**
   * A classic pcap: the header's byte order, magic, snapshot length and link-type field as given,
   * then Ethernet/IPv4 records of these stored lengths (wire length one more).
   */
  private static byte[] pcap(ByteOrder order, int magic, int snaplen, int linkType, int... caps) {
    int size = 24;
    for (int c : caps) {
      size += 16 + c;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(order);
    b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    b.putInt(snaplen).putInt(linkType);
    int n = 0;
    for (int c : caps) {
      b.putInt(1_700_000_000 + n).putInt(999_999 * (n % 2) + 123 * n).putInt(c).putInt(c + 1);
      for (int i = 0; i < c; i++) {
        b.put((byte) (i == 12 ? 8 : i == 14 ? 0x45 : i * 7 + n));
      }
      n++;
    }
    return b.array();
  }

  /**
   * {@code file} (from {@link #pcap}) as the "modified" pcap of old Linux tcpdumps: its own magic,
   * 8 more bytes (interface index, protocol, packet type) after each record header.
   */
  private static byte[] patched(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file); // big-endian until the magic says otherwise
    if (in.getInt(0) != 0xa1b2c3d4) {
      in.order(ByteOrder.LITTLE_ENDIAN);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(file, 0, 24);
    for (int at = 24; at < file.length; ) {
      int cap = in.getInt(at + 8);
      out.write(file, at, 16);
      out.writeBytes(new byte[] {0, 0, 0, 2, 8, 0, 4, 0});
      out.write(file, at + 16, cap);
      at += 16 + cap;
    }
    byte[] b = out.toByteArray();
    ByteBuffer.wrap(b).order(in.order()).putInt(0, 0xa1b2cd34);
    return b;
  }

  /**
   * {@code file} (version 2.4, from {@link #pcap}) as version 2.{@code minor}: the lengths of each
   * record in the order of those versions, wire length first.
   */
  private static byte[] oldVersion(byte[] file, int minor) {
    ByteBuffer b = ByteBuffer.wrap(file.clone()); // big-endian until the magic says otherwise
    if (b.getInt(0) != 0xa1b2c3d4) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    }
    b.putShort(6, (short) minor);
    for (int at = 24; at < file.length; ) {
      int cap = b.getInt(at + 8);
      b.putInt(at + 8, b.getInt(at + 12)).putInt(at + 12, cap);
      at += 16 + cap;
    }
    return b.array();
  }

  /**
   * A pcapng file of one Ethernet interface with this {@code if_tsresol} (-1: none) and {@code
   * if_tsoffset}, and three IPv4 packets with stamps that need scaling.
   */
  private static byte[] pcapng(ByteOrder order, int tsresol, long tsoffset) {
    byte[] packet = pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 0, 1, 80);
    byte[] data = java.util.Arrays.copyOfRange(packet, 40, packet.length);
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
    byte[] packet = pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 0, 1, 80);
    byte[] data = java.util.Arrays.copyOfRange(packet, 40, packet.length);
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
   * fractions of a second, with time offsets; versions 2.2 and 2.3, whose lengths come swapped; the
   * "modified" pcap of old Linux tcpdumps.
   */
  @Test
  void generatedHeadersAndLengthsAsTcpdump() throws Exception {
    assumeTrue(haveTcpdump(), "SKIPPING: tcpdump not installed");
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    int us = 0xa1b2c3d4;
    int ns = 0xa1b23c4d;
    List<byte[]> files =
        List.of(
            pcap(le, us, 100, 1, 60, 200, 100, 101, 99),
            pcap(be, us, 1536, 1, 60, 1536, 1537, 70),
            pcap(le, ns, 0, 1, 60, 1600, 70),
            pcap(be, ns, -5, 0x30000001, 60, 80),
            pcap(le, us, 0x7fffffff, 1, 60, 262144, 70),
            pcap(le, us, 100, 1, 60, 70, 300_000, 60),
            pcap(le, us, 0x7fffffff, 1, 60, 262145, 60),
            patched(pcap(le, us, 65535, 1, 60, 70, 80)),
            patched(pcap(be, us, 0, 1, 60, 262144, 80)),
            oldVersion(pcap(le, us, 0, 1, 60, 70, 80), 2),
            oldVersion(pcap(be, us, 0, 1, 60, 70, 80), 3),
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
        Path ours = tmp.resolve("gen-ours.pcap");
        Path theirs = tmp.resolve("gen-theirs.pcap");
        CliTest.Run r =
            CliTest.run("filter", "-p", prog.toString(), "-w", ours.toString(), in.toString());
        Process p =
            new ProcessBuilder("tcpdump", "-r", in.toString(), "-w", theirs.toString(), expr)
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        String what = "file " + f + " '" + expr + "': " + log + r.err();
        assertEquals(code == 0, r.code() == 0, what);
        long at = Files.mismatch(ours, theirs);
        assertEquals(-1, at, what + ": files differ at byte " + at);
        compared++;
      }
    }
    assertEquals(51, compared);
  }
}
