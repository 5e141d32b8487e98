package io.bpfjit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfjit.capture.internal.SampleTraffic;
import io.bpfjit.testing.PcapBuilder;
import io.bpfjit.testing.PcapngBuilder;
import io.bpfjit.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
  private static final int DBUS = 231;

  @TempDir Path tmp;

  record Rec(byte[] data, int wirelen, long ts, int linkType) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rec r
          && Arrays.equals(data, r.data)
          && wirelen == r.wirelen
          && ts == r.ts
          && linkType == r.linkType;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data);
    }
  }

  static List<Rec> readAll(Path file) throws IOException {
    List<Rec> out = new ArrayList<>();
    readInto(file, out);
    return out;
  }

  /**
   * Adds {@code file}'s records to {@code out} as they are read (those before damage too). Every
   * file is also read in place ({@link CaptureReader#openInPlace}), which must give the same
   * records and fail alike, with the same message.
   */
  static void readInto(Path file, List<Rec> out) throws IOException {
    List<Rec> inPlace = new ArrayList<>();
    Exception placeFailure = null;
    try (CaptureReader in = CaptureReader.openInPlace(file)) {
      readWith(in, inPlace);
    } catch (IOException | RuntimeException e) {
      placeFailure = e;
    }
    try (CaptureReader in = CaptureReader.open(file)) {
      readWith(in, out);
    } catch (IOException | RuntimeException e) {
      assertEquals(out, inPlace, "records before the failure, read in place");
      assertNotNull(placeFailure, "read in place, " + file + " fails too: " + e.getMessage());
      assertEquals(e.getClass(), placeFailure.getClass());
      assertEquals(e.getMessage(), placeFailure.getMessage());
      throw e;
    }
    if (placeFailure != null) {
      throw new AssertionError("read in place, " + file + " failed", placeFailure);
    }
    assertEquals(out, inPlace, "records read in place");
  }

  private static void readWith(CaptureReader in, List<Rec> out) throws IOException {
    while (in.next()) {
      byte[] data = new byte[in.caplen()];
      in.bytes().get(in.offset(), data);
      out.add(new Rec(data, in.wirelen(), in.timestampNanos(), in.linkType()));
    }
  }

  /**
   * The magic numbers {@code open} reads, pcap of either order and precision, the patched variant,
   * pcapng, are what {@link CaptureReader#isCaptureMagic} names; a file starting otherwise is
   * refused by {@code open} as no capture.
   */
  @Test
  void captureMagicNumbersAreTheOnesOpenReads() throws IOException {
    int[] known = {
      0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1, 0x0a0d0d0a
    };
    for (int magic : known) {
      assertTrue(CaptureReader.isCaptureMagic(magic), Integer.toHexString(magic));
    }
    for (int magic : new int[] {0x7f454c46, 0, 0xa1b2c3d5, 0x0a0d0d0b, 0x1a2b3c4d}) {
      assertFalse(CaptureReader.isCaptureMagic(magic), Integer.toHexString(magic));
      byte[] file = java.nio.ByteBuffer.allocate(64).putInt(magic).array();
      CaptureFormatException e =
          assertThrows(
              CaptureFormatException.class, () -> readInto(write("m", file), new ArrayList<>()));
      assertTrue(e.getMessage().contains("not a pcap or pcapng file"), e.getMessage());
    }
  }

  /** Every corpus capture: counts, lengths and link types as libpcap's pcap_next_ex gave them. */
  @Test
  void corpusCapturesMatchLibpcap() throws IOException {
    Path corpus = SharedData.corpus();
    int checked = 0;
    String current = null;
    List<Rec> recs = null;
    for (String line : Files.readAllLines(corpus.resolve("expected/packets.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (!f[0].equals(current)) {
        current = f[0];
        recs = readAll(corpus.resolve("pcaps").resolve(current));
      }
      Rec r = recs.get(Integer.parseInt(f[2]));
      assertEquals(Integer.parseInt(f[1]), r.linkType(), line);
      assertEquals(Long.parseLong(f[3]), Integer.toUnsignedLong(r.wirelen()), line);
      assertEquals(Integer.parseInt(f[4]), r.data().length, line);
      checked++;
    }
    assertTrue(checked > 5000, "records checked: " + checked);
  }

  @Test
  void writerRoundTripsAndIsAtomic() throws IOException {
    Path out = tmp.resolve("out.pcap");
    SampleTraffic.write(out, 500, 3);
    List<Rec> recs = readAll(out);
    assertEquals(500, recs.size());
    Path copy = tmp.resolve("copy.pcap");
    try (PcapWriter w = new PcapWriter(copy, 1, 65535, true)) {
      for (Rec r : recs) {
        w.write(r.data(), 0, r.data().length, r.wirelen(), r.ts());
      }
      assertFalse(Files.exists(copy), "nothing at the target before commit");
      w.commit();
    }
    assertEquals(recs, readAll(copy));
    Path abandoned = tmp.resolve("abandoned.pcap");
    try (PcapWriter w = new PcapWriter(abandoned, 1, 65535, false)) {
      w.write(new byte[10], 0, 10, 10, 0);
    }
    assertFalse(Files.exists(abandoned));
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "temporary files cleaned up");
    }
  }

  /**
   * Two sections, three interfaces (µs, ns, and {@code lastTsresol} for the third), an unknown
   * block and every packet block kind, carrying {@code a} (5 bytes) and {@code b} (70 bytes).
   */
  private static byte[] mixedPcapng(ByteOrder order, byte[] a, byte[] b, int lastTsresol) {
    return new PcapngBuilder(order)
        .section()
        .iface(1, 65535, -1)
        .iface(1, 65535, 9)
        .other(0x0bad)
        .enhanced(0, 1_000_000L, a, 60)
        .enhanced(1, 2_000_000_000L, b, 70)
        .simple(a)
        .obsolete(1, 3_000_000_000L, b)
        .section()
        .iface(1, 65535, lastTsresol)
        .enhanced(0, 5_000_000L, b, 100)
        .bytes();
  }

  @Test
  void pcapngBothOrdersSectionsInterfacesAndBlockKinds() throws IOException {
    byte[] a = {1, 2, 3, 4, 5};
    byte[] b = new byte[70];
    Arrays.fill(b, (byte) 7);
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] file = mixedPcapng(order, a, b, 6);
      Path p = tmp.resolve("t-" + order + ".pcapng");
      Files.write(p, file);
      List<Rec> recs = readAll(p);
      assertEquals(5, recs.size(), order.toString());
      assertEquals(new Rec(a, 60, 1_000_000_000L, 1), recs.get(0));
      assertEquals(new Rec(b, 70, 2_000_000_000L, 1), recs.get(1));
      assertEquals(new Rec(a, 5, 0, 1), recs.get(2));
      assertEquals(new Rec(b, 70, 3_000_000_000L, 1), recs.get(3));
      assertEquals(new Rec(b, 100, 5_000_000_000L, 1), recs.get(4));
    }
  }

  /** A one-record classic pcap with the given header fields. */
  private static byte[] pcapWithHeader(ByteOrder order, int snaplen, int linkTypeField) {
    return new PcapBuilder(order, snaplen, linkTypeField)
        .record(1, 0, 4, 4, new byte[] {1, 2, 3, 4})
        .bytes();
  }

  /**
   * The header values {@code tcpdump -r in -w out} (libpcap 1.10.3) copies into its output,
   * observed with the Debian tcpdump on files like these: a positive snapshot length as it is, zero
   * or a negative one replaced by the link type's largest (D-Bus 128 MiB, EBHSCR 8 MiB, else
   * 262144), and the link-type field whole, FCS-length bits included.
   */
  @Test
  void headerValuesAreTheOnesLibpcapReports() throws IOException {
    int[][] cases = { // declared snaplen, link-type field, DLT, reported snaplen
      {1536, 1, 1, 1536},
      {10, 1, 1, 10},
      {300_000, 1, 1, 300_000},
      {0x7fffffff, 1, 1, 0x7fffffff},
      {0, 1, 1, 262144},
      {0xffffffff, 1, 1, 262144},
      {0, 0x30000001, 1, 262144},
      {18, 0x30000001, 1, 18},
      {0, 220, 220, 262144},
      {0, 231, 231, 128 << 20},
      {0, 279, 279, 8 << 20},
      {256, 0, 0, 256},
    };
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      for (int[] c : cases) {
        String what = order + " " + Arrays.toString(c);
        try (CaptureReader in = CaptureReader.open(write("h", pcapWithHeader(order, c[0], c[1])))) {
          for (int round = 0; round < 2; round++) { // before and after the record
            assertEquals(c[2], in.linkType(), what);
            assertEquals(c[1], in.linkTypeField(), what);
            assertEquals(c[3], in.snaplen(), what);
            assertEquals(round == 0, in.next(), what);
          }
        }
      }
    }
  }

  /** A classic pcap of {@code linkType} and {@code snaplen} with records of these lengths. */
  private static byte[] pcapOfLengths(int snaplen, int linkType, int... caplens) {
    PcapBuilder b = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, snaplen, linkType);
    for (int c : caplens) {
      byte[] data = new byte[c];
      for (int i = 0; i < c; i++) {
        data[i] = (byte) (i * 31 + c);
      }
      b.record(7, 0, c, c + 1, data);
    }
    return b.bytes();
  }

  /**
   * libpcap 1.10.3's record lengths, as tcpdump showed them on files like these: a record longer
   * than the snapshot length is cut to it (the rest skipped); one longer than the link type allows
   * (262144 but for a few) is damage, whatever the snapshot length.
   */
  @Test
  void recordLengthsFollowLibpcap() throws IOException {
    List<Rec> recs = readAll(write("cut", pcapOfLengths(100, 1, 200, 50, 100, 101)));
    assertEquals(List.of(100, 50, 100, 100), recs.stream().map(r -> r.data().length).toList());
    assertEquals(List.of(201, 51, 101, 102), recs.stream().map(Rec::wirelen).toList());
    byte[] whole = pcapOfLengths(1000, 1, 200, 50);
    assertTrue(
        Arrays.equals(Arrays.copyOfRange(whole, 40, 140), recs.get(0).data()),
        "the first 100 bytes of the record");
    assertTrue(
        Arrays.equals(
            Arrays.copyOfRange(whole, 40 + 200 + 16, 40 + 200 + 16 + 50), recs.get(1).data()),
        "the next record after the cut one's rest");
    assertEquals(
        300_000, readAll(write("dbus", pcapOfLengths(0, DBUS, 300_000))).get(0).data().length);
    String[][] damaged = { // snaplen, link type, caplen, message
      {"100", "1", "300000", "record length 300000 is larger than the snapshot length 100"},
      {
        "2147483647",
        "1",
        "262145",
        "record length 262145 is larger than the maximum 262144 for link type 1"
      },
      {"0", "1", "262145", "record length 262145 is larger than the snapshot length 262144"},
      {"0", "249", "1048577", "record length 1048577 is larger than the snapshot length 1048576"},
    };
    for (String[] d : damaged) {
      byte[] file =
          pcapOfLengths(
              Integer.parseUnsignedInt(d[0]), Integer.parseInt(d[1]), 10, Integer.parseInt(d[2]));
      Path p = write("damaged", file);
      List<Rec> before = new ArrayList<>();
      CaptureFormatException e =
          assertThrows(CaptureFormatException.class, () -> readInto(p, before));
      assertEquals(p + ": byte 50: " + d[3], e.getMessage());
      assertEquals(1, before.size(), "the record before the damage");
    }
    byte[] ng =
        new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
            .section()
            .iface(1, 100, -1)
            .enhanced(0, 0, new byte[100], 100)
            .enhanced(0, 0, new byte[101], 101)
            .bytes();
    Path p = write("ng", ng);
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> readAll(p));
    assertTrue(
        e.getMessage().endsWith("captured length 101 is larger than the snapshot length 100"),
        e.getMessage());
    // A simple packet block: its original length cut to the snapshot length, which the block
    // must hold, padding included, as in libpcap (a 3-byte packet padded to 4; a 100-byte one cut
    // to 8; the last one's 4 bytes too short for 8).
    byte[] spb =
        new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
            .section()
            .iface(1, 8, -1)
            .simple(new byte[] {1, 2, 3})
            .simple(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 100)
            .simple(new byte[] {1, 2, 3}, 100)
            .bytes();
    List<Rec> got = new ArrayList<>();
    Path sp = write("spb", spb);
    e = assertThrows(CaptureFormatException.class, () -> readInto(sp, got));
    assertEquals(
        List.of(
            new Rec(new byte[] {1, 2, 3}, 3, 0, 1),
            new Rec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 100, 0, 1)),
        got);
    assertTrue(
        e.getMessage().endsWith("simple packet block too short for its 8-byte packet"),
        e.getMessage());
  }

  /** Version {@code major.minor}, two records of 60 bytes whose length fields are {@code a, b}. */
  private static byte[] pcapOfVersion(int major, int minor, int a, int b) {
    return new PcapBuilder(ByteOrder.LITTLE_ENDIAN, PcapBuilder.MICROS, major, minor, 65535, 1)
        .record(0, 0, a, b, new byte[60])
        .record(1, 0, a, b, new byte[60])
        .bytes();
  }

  /**
   * libpcap 1.10 reads versions 2.0 to 2.4 and 543.0 only; before 2.3 (and in 543.0) the two
   * lengths of a record came the other way round (wire length first), and in 2.3 either way (the
   * smaller is the captured one). As tcpdump showed on files like these.
   */
  @Test
  void oldVersionsHaveTheirLengthsSwappedAsLibpcapSwapsThem() throws IOException {
    int[][] cases = { // minor, field a, field b, caplen, wirelen, major
      {2, 100, 60, 60, 100, 2},
      {0, 100, 60, 60, 100, 2},
      {3, 100, 60, 60, 100, 2},
      {3, 60, 100, 60, 100, 2},
      {4, 60, 100, 60, 100, 2},
      {4, 60, 60, 60, 60, 2},
      {0, 100, 60, 60, 100, 543},
    };
    for (int[] c : cases) {
      List<Rec> recs = readAll(write("v", pcapOfVersion(c[5], c[0], c[1], c[2])));
      assertEquals(2, recs.size(), Arrays.toString(c));
      for (Rec r : recs) {
        assertEquals(c[3], r.data().length, Arrays.toString(c));
        assertEquals(c[4], r.wirelen(), Arrays.toString(c));
      }
    }
    String[][] refused = {
      {"1", "0", "archaic pcap version 1.0"},
      {"3", "0", "unsupported pcap version 3.0"},
      {"2", "5", "unsupported pcap version 2.5"},
      {"543", "1", "unsupported pcap version 543.1"}
    };
    for (String[] r : refused) {
      Path p = write("v", pcapOfVersion(Integer.parseInt(r[0]), Integer.parseInt(r[1]), 60, 60));
      CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> readAll(p));
      assertEquals(p + ": byte 4: " + r[2], e.getMessage());
    }
  }

  /**
   * The "modified" pcap of old Linux tcpdumps (magic 0xa1b2cd34, 24-byte record headers), in both
   * orders; on Ethernet libpcap reports a snapshot length 14 larger (tcpdump showed 65549).
   */
  @Test
  void patchedPcapFromOldLinuxTcpdumps() throws IOException {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      PcapBuilder b = new PcapBuilder(order, PcapBuilder.PATCHED, 2, 4, 65535, 1);
      for (int r = 0; r < 3; r++) {
        byte[] extra = {0, 0, 0, 7, 8, 0, 0, 0}; // interface index 7, protocol 0x0800
        b.record(10 + r, 20 + r, 5, 70, extra, new byte[] {(byte) r, 2, 3, 4, 5});
      }
      byte[] file = b.bytes();
      try (CaptureReader in = CaptureReader.open(write("patched", file))) {
        assertEquals(65549, in.snaplen(), order.toString());
        for (int r = 0; r < 3; r++) {
          assertTrue(in.next());
          assertEquals(10 + r, in.timestampSeconds());
          assertEquals(20 + r, in.timestampMicros());
          assertEquals(5, in.caplen());
          assertEquals(70, in.wirelen());
          assertEquals(r, in.buffer()[in.offset()]);
        }
        assertFalse(in.next());
      }
      byte[] cut = Arrays.copyOf(file, 24 + 20);
      CaptureFormatException e =
          assertThrows(CaptureFormatException.class, () -> readAll(write("cut", cut)));
      assertTrue(e.getMessage().endsWith("byte 24: truncated record header (20 of 24 bytes)"));
    }
  }

  /**
   * The stamp fields libpcap hands tcpdump at microsecond precision: a microsecond field as it is
   * (1,000,122 is not carried into the seconds), a nanosecond one divided by 1,000 (as a signed
   * value in a little-endian file, unsigned in a big-endian one, as tcpdump showed); pcapng scaled
   * from its resolution (here 2^-20 s) and moved by {@code if_tsoffset}.
   */
  @Test
  void microsecondStampsAsLibpcapGivesThem() throws IOException {
    for (int magic : new int[] {PcapBuilder.MICROS, PcapBuilder.NANOS}) {
      byte[] file =
          new PcapBuilder(ByteOrder.LITTLE_ENDIAN, magic, 2, 4, 0, 1)
              .record(-5, 1_000_122, 4, 5, new byte[4])
              .bytes();
      try (CaptureReader in = CaptureReader.open(write("stamp", file))) {
        assertTrue(in.next());
        assertEquals(-5, in.timestampSeconds());
        assertEquals(magic == PcapBuilder.MICROS ? 1_000_122 : 1_000, in.timestampMicros());
      }
    }
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] file =
          new PcapBuilder(order, PcapBuilder.NANOS, 2, 4, 0, 1)
              .record(1, 0xfffff000, 4, 5, new byte[4])
              .bytes();
      try (CaptureReader in = CaptureReader.open(write("stamp", file))) {
        assertTrue(in.next());
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        assertEquals(little ? -4 : 4_294_963, in.timestampMicros(), "signed only when native");
      }
    }
    byte[] ng =
        new PcapngBuilder(ByteOrder.BIG_ENDIAN)
            .section()
            .iface(1, 0, 0x94, -3600)
            .enhanced(0, (10_000L << 20) + (1 << 19) + 1, new byte[4], 4)
            .bytes();
    try (CaptureReader in = CaptureReader.open(write("ng-stamp", ng))) {
      assertTrue(in.next());
      assertEquals(10_000 - 3600, in.timestampSeconds());
      assertEquals(500_000, in.timestampMicros());
      assertEquals(6400_500_000_953L, in.timestampNanos());
    }
  }

  /**
   * libpcap reads one link type and snapshot length per pcapng file, the first interface's: reading
   * stops (damage, the records before it kept) at a later interface that differs, comparing the
   * first one's DLT with the later one's LINKTYPE, so a second raw-IP (101, DLT 12) interface stops
   * it and a 12 does not; and at a section in the other byte order or of another major version. A
   * first section of a version other than 1.0 or 1.2, a file without interfaces, or any damage
   * before the first interface refuses the file when it is opened, as libpcap, which skips later
   * section headers before that interface unread; a block over 16 MiB is damage unless the link
   * type's packets may be that large (D-Bus).
   */
  @Test
  void pcapngInterfacesAndSectionsAsLibpcapReadsThem() throws IOException {
    byte[] data = {1, 2, 3};
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    record Case(String what, PcapngBuilder file, int records, String damage) {}
    List<Case> cases =
        List.of(
            new Case("same", ng(le, 113, 1536).iface(113, 1536, 9), 2, null),
            new Case("link type", ng(le, 0, 1536).iface(113, 1536, -1), 1, "link type 113"),
            new Case("snapshot", ng(be, 1, 1536).iface(1, 1500, -1), 1, "snapshot length 1500"),
            new Case("zero snapshot", ng(le, 1, 262144).iface(1, 0, -1), 2, null),
            new Case("raw twice", ng(le, 101, 0).iface(101, 0, -1), 1, "link type 101"),
            new Case("raw, then 12", ng(le, 101, 0).iface(12, 0, -1), 2, null),
            new Case("section", ng(le, 1, 0).section().iface(113, 0, -1), 1, "link type 113"),
            new Case("order", ng(le, 1, 0).order(be).section().iface(1, 0, -1), 1, "byte order"),
            new Case("major", ng(be, 1, 0).section(2, 0).iface(1, 0, -1), 1, "version 2.0"),
            new Case("minor", ng(be, 1, 0).section(1, 7).iface(1, 0, -1), 2, null),
            new Case("first 1.1", new PcapngBuilder(le).section(1, 1).iface(1, 0, -1), 0, "1.1"),
            new Case("first 1.2", new PcapngBuilder(le).section(1, 2).iface(1, 0, -1), 1, null),
            new Case("none", new PcapngBuilder(be).section().other(7), 0, "no interface"),
            new Case(
                "2.0 before interface",
                new PcapngBuilder(be).section().section(2, 0).iface(1, 0, -1),
                1,
                null),
            new Case("16 MiB", ng(le, 1, 0).other(7, 16 << 20), 2, null),
            new Case("larger", ng(le, 1, 0).other(7, (16 << 20) + 4), 1, "larger than libpcap's"),
            new Case("D-Bus", ng(be, 231, 0).other(7, (16 << 20) + 4), 2, null));
    for (Case c : cases) {
      PcapngBuilder file = c.file();
      if (!c.what().equals("none")) {
        file.enhanced(0, 0, data, 3); // after the case's last interface
      }
      List<Rec> out = new ArrayList<>();
      Path p = write("ng", file.bytes());
      if (c.damage() == null) {
        readInto(p, out);
      } else {
        CaptureFormatException e =
            assertThrows(CaptureFormatException.class, () -> readInto(p, out), c.what());
        assertTrue(e.getMessage().contains(c.damage()), c.what() + ": " + e.getMessage());
      }
      assertEquals(c.records(), out.size(), c.what());
    }
    // libpcap reads up to the first interface when it opens a file: damage there refuses it
    List<PcapngBuilder> refused =
        List.of(
            new PcapngBuilder(be).section().other(7),
            new PcapngBuilder(le).section().enhanced(0, 0, data, 3).iface(1, 0, -1),
            new PcapngBuilder(le).section(1, 1).iface(1, 0, -1),
            new PcapngBuilder(be).section().iface(1, 0, 20));
    List<String> why =
        List.of("no interface", "packet block before any interface", "1.1", "10^-20 is too fine");
    for (int i = 0; i < refused.size(); i++) {
      Path p = write("refused", refused.get(i).bytes());
      CaptureFormatException e =
          assertThrows(CaptureFormatException.class, () -> CaptureReader.open(p).close());
      assertTrue(e.getMessage().contains(why.get(i)), e.getMessage());
    }
    try (CaptureReader in =
        CaptureReader.open(write("ng", ng(be, 101, 0).iface(101, 9, 0).bytes()))) {
      assertTrue(in.next());
      assertThrows(CaptureFormatException.class, in::next);
      assertEquals(101, in.linkType(), "after the damage: still the first interface's");
      assertEquals(101, in.linkTypeField());
      assertEquals(262144, in.snaplen());
    }
    try (CaptureReader in = CaptureReader.open(write("ng", ng(le, 12, 70).bytes()))) {
      assertTrue(in.next());
      assertEquals(12, in.linkType());
      assertEquals(101, in.linkTypeField(), "DLT_RAW written as LINKTYPE_RAW, as tcpdump does");
      assertEquals(70, in.snaplen());
    }
  }

  /**
   * The finest resolutions libpcap takes, 10^-19 and 2^-63 s (units beyond a signed long), on a
   * stamp above 2^63: seconds and nanoseconds exact, microseconds as libpcap computes them (its
   * binary formula wraps at 64 bits); and the interface options libpcap refuses.
   */
  @Test
  void pcapngFinestResolutionsAndRefusedOptions() throws IOException {
    long stamp = 0xfedc_ba98_7654_3210L;
    long[][] cases = {{19, 1_836_475_854L, 836_475}, {0x80 | 63, 1_991_111_111L, 1}};
    for (long[] c : cases) {
      byte[] file =
          new PcapngBuilder(ByteOrder.BIG_ENDIAN)
              .section()
              .iface(1, 0, (int) c[0])
              .enhanced(0, stamp, new byte[4], 4)
              .bytes();
      try (CaptureReader in = CaptureReader.open(write("fine", file))) {
        assertTrue(in.next());
        assertEquals(1, in.timestampSeconds());
        assertEquals(c[1], in.timestampNanos());
        assertEquals(c[2], in.timestampMicros());
      }
    }
    Object[][] refused = {
      {new PcapngBuilder.Option[] {opt(9, 20)}, "10^-20 is too fine"},
      {new PcapngBuilder.Option[] {opt(9, 0x80 | 64)}, "2^-64 is too fine"},
      {new PcapngBuilder.Option[] {opt(9, 6), opt(9, 6)}, "two if_tsresol"},
      {new PcapngBuilder.Option[] {new PcapngBuilder.Option(9, new byte[2])}, "of 2 bytes"},
      {new PcapngBuilder.Option[] {new PcapngBuilder.Option(14, new byte[7])}, "of 7 bytes"},
      {new PcapngBuilder.Option[] {new PcapngBuilder.Option(0, new byte[1])}, "length 1, not 0"},
    };
    for (Object[] r : refused) {
      byte[] file =
          ng(ByteOrder.LITTLE_ENDIAN, 1, 0)
              .iface(1, 0, (PcapngBuilder.Option[]) r[0])
              .enhanced(1, 0, new byte[4], 4)
              .bytes();
      List<Rec> out = new ArrayList<>();
      CaptureFormatException e =
          assertThrows(CaptureFormatException.class, () -> readInto(write("opt", file), out));
      assertTrue(e.getMessage().contains((String) r[1]), e.getMessage());
      assertEquals(1, out.size(), "the record before the interface kept");
    }
    byte[] ignored = // options after the end-of-options option are not read
        ng(ByteOrder.LITTLE_ENDIAN, 1, 0)
            .iface(1, 0, new PcapngBuilder.Option(0, new byte[0]), opt(9, 9), opt(9, 9))
            .enhanced(1, 1_500_000, new byte[4], 4)
            .bytes();
    List<Rec> recs = readAll(write("end", ignored));
    assertEquals(1_500_000_000L, recs.get(1).ts(), "microseconds, the default");
  }

  private static PcapngBuilder.Option opt(int code, int value) {
    return new PcapngBuilder.Option(code, new byte[] {(byte) value});
  }

  /** A section with one interface and a record on it. */
  private static PcapngBuilder ng(ByteOrder order, int linkType, int snaplen) {
    return new PcapngBuilder(order)
        .section()
        .iface(linkType, snaplen, -1)
        .enhanced(0, 0, new byte[] {9}, 1);
  }

  /** The one record of a classic pcap of {@code linkType}, cut to {@code snaplen}, as read. */
  private Rec only(ByteOrder order, int linkType, int snaplen, byte[] data, int wirelen)
      throws IOException {
    int cap = Math.min(data.length, snaplen);
    byte[] file =
        new PcapBuilder(order, snaplen, linkType)
            .record(0, 0, cap, wirelen, Arrays.copyOf(data, cap))
            .bytes();
    List<Rec> recs = readAll(write("pseudo", file));
    assertEquals(1, recs.size());
    return recs.get(0);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /**
   * libpcap's post-processing, on hand-made records (the tcpdump test checks random ones): a
   * big-endian file's host-order pseudo-header fields reversed as far as the record holds them, a
   * little-endian one's left; a memory-mapped USB record's wire length recomputed from its
   * isochronous descriptors.
   */
  @Test
  void pseudoHeadersAsLibpcapConvertsThem() throws IOException {
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    byte[] can = new byte[21];
    can[15] = 0x0c; // SLL protocol: CAN
    System.arraycopy(bytes(1, 2, 3, 4, 5), 0, can, 16, 5);
    byte[] swapped = can.clone();
    System.arraycopy(bytes(4, 3, 2, 1), 0, swapped, 16, 4);
    assertArrayEquals(swapped, only(be, 113, 100, can, 21).data());
    assertArrayEquals(can, only(le, 113, 100, can, 21).data(), "this host's order already");
    assertArrayEquals(Arrays.copyOf(can, 19), only(be, 113, 19, can, 21).data(), "ID cut");
    assertArrayEquals(can, only(be, 113, 100, can, 19).data(), "wire length too short");
    byte[] ip = can.clone();
    ip[14] = 0x08;
    ip[15] = 0;
    assertArrayEquals(ip, only(be, 113, 100, ip, 21).data(), "not CAN");
    byte[] can2 = Arrays.copyOfRange(swapped, 0, 24); // SLL2: protocol first, CAN ID at 20
    can2[1] = 0x0d;
    byte[] can2Swapped = can2.clone();
    System.arraycopy(bytes(can2[23], can2[22], can2[21], can2[20]), 0, can2Swapped, 20, 4);
    assertArrayEquals(can2Swapped, only(be, 276, 100, can2, 24).data());

    byte[] nflog =
        bytes(
            2, 0, 0, 1, //
            0, 8, 0, 1, 9, 9, 9, 9, // a TLV of 8 bytes
            0, 5, 0, 2, 7, 7, 7, 7, // of 5, padded to 8
            0, 0, 0, 3, // of 0: converted, then the walk stops
            0, 4, 0, 4);
    byte[] nflogSwapped =
        bytes(2, 0, 0, 1, 8, 0, 1, 0, 9, 9, 9, 9, 5, 0, 2, 0, 7, 7, 7, 7, 0, 0, 3, 0, 0, 4, 0, 4);
    assertArrayEquals(nflogSwapped, only(be, 239, 100, nflog, 28).data());
    byte[] nflog1 = nflog.clone();
    nflog1[1] = 1; // version 1: not libpcap's to convert
    assertArrayEquals(nflog1, only(be, 239, 100, nflog1, 28).data());

    byte[] pflog = new byte[60];
    pflog[0] = 50; // the header's length covers uid (44..48), not pid (48..52)
    for (int i = 44; i < 56; i++) {
      pflog[i] = (byte) i;
    }
    byte[] pflogSwapped = pflog.clone();
    System.arraycopy(bytes(47, 46, 45, 44), 0, pflogSwapped, 44, 4);
    assertArrayEquals(pflogSwapped, only(be, 117, 100, pflog, 60).data());

    byte[] usb = new byte[100]; // memory-mapped USB: a completed incoming isochronous transfer
    ByteBuffer h = ByteBuffer.wrap(usb).order(le);
    h.put(8, (byte) 'C').put(9, (byte) 0).put(10, (byte) 0x81).put(15, (byte) 0);
    h.putInt(32, 100).putInt(60, 2); // URB length, descriptors
    h.putInt(64 + 4, 0).putInt(64 + 8, 10).putInt(80 + 4, 50).putInt(80 + 8, 20);
    int oldLength = 64 + 2 * 16 + 100;
    assertEquals(64 + 2 * 16 + 70, only(le, 220, 100, usb, oldLength).wirelen());
    assertEquals(oldLength + 1, only(le, 220, 100, usb, oldLength + 1).wirelen(), "not computed");
    usb[10] = 0x01; // outgoing
    assertEquals(oldLength, only(le, 220, 100, usb, oldLength).wirelen());
    usb[10] = (byte) 0x81;
    byte[] usbBe = usb.clone(); // the same record from a big-endian host
    for (int[] f : new int[][] {{32, 4}, {60, 4}, {68, 4}, {72, 4}, {84, 4}, {88, 4}}) {
      for (int i = 0; i < f[1]; i++) {
        usbBe[f[0] + i] = usb[f[0] + f[1] - 1 - i];
      }
    }
    Rec r = only(be, 220, 100, usbBe, oldLength);
    assertArrayEquals(usb, r.data(), "converted to this host's order");
    assertEquals(64 + 2 * 16 + 70, r.wirelen(), "then its length recomputed");
  }

  /**
   * Random records of every link type libpcap post-processes, in big-endian files (converted) and
   * little-endian ones (memory-mapped USB lengths): lengths 0 to 199, wire lengths around them,
   * fields that lead into each branch (isochronous transfers, descriptor counts up to 2^32 - 1,
   * NFLOG version 0, CAN protocols, pflog header lengths). Reading never throws, and records stay
   * whole and inside the buffer.
   */
  @Test
  void pseudoHeaderConversionsNeverThrow() throws IOException {
    SplittableRandom r = new SplittableRandom(13);
    int[] linkTypes = {117, 113, 276, 189, 220, 239};
    for (int i = 0; i < 300; i++) {
      int linkType = linkTypes[i % linkTypes.length];
      ByteOrder order = r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      PcapBuilder file = new PcapBuilder(order, r.nextInt(3) == 0 ? 100 : 0, linkType);
      List<byte[]> records = new ArrayList<>();
      for (int n = 0; n < 20; n++) {
        byte[] d = new byte[r.nextInt(200)];
        for (int k = 0; k < d.length; k++) {
          d[k] = (byte) r.nextInt(256);
        }
        ByteBuffer h = ByteBuffer.wrap(d).order(order);
        if (d.length >= 64 && r.nextBoolean()) { // USB: isochronous, completed, incoming, data
          h.put(8, (byte) 'C').put(9, (byte) 0).put(10, (byte) 0x81).put(15, (byte) 0);
          h.putInt(60, r.nextBoolean() ? r.nextInt(8) : -1);
        }
        if (d.length >= 16) {
          d[1] = 0; // NFLOG version 0; SLL2 protocol's high byte
          d[15] = (byte) (r.nextBoolean() ? 0x0c : 0x0d); // SLL protocol CAN or CAN FD
        }
        int wire = d.length + r.nextInt(3) - 1;
        if (linkType == 220 && d.length >= 64 && r.nextBoolean()) {
          wire = 64 + h.getInt(60) * 16 + h.getInt(32);
        }
        records.add(d);
        file.record(n, 0, Math.min(d.length, 100), wire, Arrays.copyOf(d, Math.min(d.length, 100)));
      }
      try (CaptureReader in = CaptureReader.open(write("pseudo-fuzz", file.bytes()))) {
        for (int n = 0; n < 20; n++) {
          assertTrue(in.next());
          assertEquals(Math.min(records.get(n).length, 100), in.caplen());
          assertTrue(in.offset() + in.caplen() <= in.buffer().length);
          if (order == ByteOrder.LITTLE_ENDIAN) { // this host's order: bytes as they were
            assertArrayEquals(
                Arrays.copyOf(records.get(n), in.caplen()),
                Arrays.copyOfRange(in.buffer(), in.offset(), in.offset() + in.caplen()));
          }
        }
        assertFalse(in.next());
      }
    }
  }

  /** A symbolic link keeps pointing at the file, which the capture replaces or creates. */
  @Test
  void writingThroughASymbolicLinkReplacesItsFile() throws IOException {
    Path real = Files.writeString(tmp.resolve("real.pcap"), "old contents");
    Path link = Files.createSymbolicLink(tmp.resolve("link.pcap"), real.getFileName());
    try (PcapWriter w = new PcapWriter(link, 1, 65535, false)) {
      w.write(new byte[] {1, 2, 3}, 0, 3, 3, 0);
      w.commit();
    }
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(1, readAll(real).size());
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.pcap"), Path.of("new.pcap"));
    try (PcapWriter w = new PcapWriter(dangling, 1, 65535, false)) {
      w.commit();
    }
    assertTrue(Files.isSymbolicLink(dangling));
    assertEquals(0, readAll(tmp.resolve("new.pcap")).size());
  }

  /**
   * A target that is not a regular file (a FIFO here; {@code /dev/null} in use) is written in
   * place: a rename would replace it with a plain file (it did, for {@code -w /dev/null} as root).
   */
  @Test
  void aFifoIsWrittenInPlace() throws Exception {
    Path fifo = tmp.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    assumeTrue(mk.waitFor() == 0, "SKIPPING: mkfifo is not available");
    Path src = tmp.resolve("src.pcap");
    SampleTraffic.write(src, 300, 2);
    List<Rec> recs = readAll(src);
    var copied = new java.util.concurrent.CompletableFuture<byte[]>();
    Thread reader =
        new Thread(
            () -> {
              try {
                copied.complete(Files.readAllBytes(fifo));
              } catch (IOException e) {
                copied.completeExceptionally(e);
              }
            });
    reader.setDaemon(true); // were the FIFO replaced, it would wait for a writer forever
    reader.start();
    try (PcapWriter w = new PcapWriter(fifo, 1, 65535, false)) {
      for (Rec r : recs) {
        w.write(r.data(), 0, r.data().length, r.wirelen(), r.ts());
      }
      w.commit();
    }
    reader.join(30_000);
    assertFalse(Files.isRegularFile(fifo), "still a FIFO");
    assertEquals(recs, readAll(write("through-fifo.pcap", copied.get())));
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "no temporary file");
    }
  }

  /** Like tcpdump -w: a new output gets the umask's permissions, a replaced one keeps its own. */
  @Test
  void writtenFilesGetOrdinaryPermissions() throws IOException {
    Path plain = Files.createFile(tmp.resolve("plain"));
    Path fresh = tmp.resolve("fresh.pcap");
    try (PcapWriter w = new PcapWriter(fresh, 1, 65535, false)) {
      w.commit();
    }
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));
    Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(fresh, custom);
    try (PcapWriter w = new PcapWriter(fresh, 1, 65535, false)) {
      w.write(new byte[4], 0, 4, 4, 0);
      w.commit();
    }
    assertEquals(custom, Files.getPosixFilePermissions(fresh));
    assertEquals(1, readAll(fresh).size());
  }

  /** Cut at every byte: the records before the cut are read, then one CaptureFormatException. */
  @Test
  void truncationAnywhereGivesCleanErrors() throws IOException {
    Path src = tmp.resolve("src.pcap");
    SampleTraffic.write(src, 20, 5);
    byte[] pcap = Files.readAllBytes(src);
    byte[] ng =
        new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
            .section()
            .iface(1, 0, -1)
            .enhanced(0, 1, new byte[] {9, 9, 9}, 3)
            .simple(new byte[] {1, 2})
            .bytes();
    for (byte[] whole : List.of(pcap, ng)) {
      int full = readAll(write("whole", whole)).size();
      for (int cut = 0; cut < whole.length; cut++) {
        Path p = write("cut", Arrays.copyOf(whole, cut));
        int got = 0;
        boolean damaged = false;
        try (CaptureReader in = CaptureReader.open(p)) {
          while (in.next()) {
            got++;
          }
        } catch (CaptureFormatException e) {
          damaged = true;
          assertTrue(e.getMessage().startsWith(p + ": byte "), e.getMessage());
        }
        assertTrue(got <= full);
        if (!damaged) {
          assertTrue(cut > 0, "an empty file is damage");
        }
      }
    }
  }

  @Test
  void garbageAndFlippedBytesOnlyEverGiveFormatErrors() throws IOException {
    Path src = tmp.resolve("src.pcap");
    SampleTraffic.write(src, 30, 6);
    byte[] good = Files.readAllBytes(src);
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 400; i++) {
      byte[] bad = good.clone();
      for (int f = 0; f < 1 + r.nextInt(4); f++) {
        bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
      }
      Path p = write("bad", bad);
      try (CaptureReader in = CaptureReader.open(p)) {
        while (in.next()) {
          assertTrue(in.caplen() >= 0 && in.offset() + in.caplen() <= in.buffer().length);
        }
      } catch (CaptureFormatException e) {
        assertTrue(e.offset() >= 0 && e.offset() <= bad.length, e.getMessage());
      }
    }
    CaptureFormatException e =
        assertThrows(
            CaptureFormatException.class,
            () -> readAll(write("junk", "hello world, not a capture".getBytes())));
    assertTrue(e.getMessage().contains("byte 0: not a pcap or pcapng file"), e.getMessage());
  }

  /**
   * pcapng with flipped bytes (block types and lengths, byte-order magic, interface ids, options,
   * timestamp resolutions): records stay inside the buffer, or one format error names a byte of the
   * file; never another exception.
   */
  @Test
  void flippedPcapngBytesOnlyEverGiveFormatErrors() throws IOException {
    byte[] a = {1, 2, 3, 4, 5};
    byte[] b = new byte[70];
    Arrays.fill(b, (byte) 7);
    SplittableRandom r = new SplittableRandom(12);
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] good = mixedPcapng(order, a, b, 0x86);
      for (int i = 0; i < 1500; i++) {
        byte[] bad = good.clone();
        for (int f = 0; f < 1 + r.nextInt(3); f++) {
          bad[r.nextInt(bad.length)] = (byte) (i % 3 == 0 ? 0xff : r.nextInt(256));
        }
        Path p = write("bad-ng", bad);
        try (CaptureReader in = CaptureReader.open(p)) {
          while (in.next()) {
            assertTrue(in.caplen() >= 0 && in.offset() + in.caplen() <= in.buffer().length);
            assertTrue(in.linkType() >= 0, "link type " + in.linkType());
            in.timestampNanos();
          }
        } catch (CaptureFormatException e) {
          assertTrue(e.offset() >= 0 && e.offset() <= bad.length, e.getMessage());
          assertTrue(e.getMessage().startsWith(p + ": byte "), e.getMessage());
        }
      }
    }
  }

  @Test
  void absurdLengthIsReported() throws IOException {
    Path src = tmp.resolve("src.pcap");
    SampleTraffic.write(src, 3, 7);
    byte[] b = Files.readAllBytes(src);
    b[24 + 8] = (byte) 0xff;
    b[24 + 9] = (byte) 0xff;
    b[24 + 10] = (byte) 0xff;
    b[24 + 11] = (byte) 0x7f;
    CaptureFormatException e =
        assertThrows(CaptureFormatException.class, () -> readAll(write("abs", b)));
    assertEquals(24, e.offset());
  }

  /**
   * A file over the read-ahead threshold, with records of every size class: tiny, larger than the
   * room in front of a chunk, larger than a whole chunk (several MB), at random chunk offsets. Read
   * ahead on a second thread it gives the records written; cut inside a large record far into the
   * file it gives them up to the cut, then a format error at that record's offset.
   */
  @Test
  void largeFilesAndRecordsAcrossChunksReadAhead() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    List<Rec> written = new ArrayList<>();
    Path big = tmp.resolve("big.pcap");
    long cutRecord = -1;
    // D-Bus: the one link type for which libpcap allows records of several MB (128 MiB).
    try (PcapWriter w = new PcapWriter(big, DBUS, 1 << 26, true)) {
      long size = 24;
      int i = 0;
      while (size < ByteSource.READ_AHEAD_ABOVE + 3L * ChunkReader.CHUNK) {
        int len =
            switch (i++ % 7) {
              case 3 -> ChunkReader.HEAD + r.nextInt(3 * ChunkReader.HEAD);
              case 5 -> i % 3 == 0 ? 2 * ChunkReader.CHUNK + r.nextInt(ChunkReader.CHUNK) : 9000;
              default -> r.nextInt(1600);
            };
        byte[] data = new byte[len];
        r.nextBytes(data);
        long ts = 1_000_000_000L * i + r.nextInt(1_000_000_000);
        w.write(data, 0, len, len + 4, ts);
        written.add(new Rec(data, len + 4, ts, DBUS));
        if (cutRecord < 0 && size > ByteSource.READ_AHEAD_ABOVE && len > ChunkReader.CHUNK) {
          cutRecord = size;
        }
        size += 16 + len;
      }
      w.commit();
    }
    assertTrue(Files.size(big) > ByteSource.READ_AHEAD_ABOVE, "reads ahead");
    assertTrue(cutRecord > 0, "a record larger than a chunk past the threshold");
    assertEquals(written, readAll(big));

    byte[] bytes = Files.readAllBytes(big);
    Path cut = write("cut-big", Arrays.copyOf(bytes, (int) cutRecord + 16 + ChunkReader.CHUNK));
    int before = 0;
    try (CaptureReader in = CaptureReader.open(cut)) {
      CaptureFormatException e =
          assertThrows(
              CaptureFormatException.class,
              () -> {
                while (in.next()) {
                  assertEquals(
                      written.get((int) in.count() - 1),
                      new Rec(
                          Arrays.copyOfRange(in.buffer(), in.offset(), in.offset() + in.caplen()),
                          in.wirelen(),
                          in.timestampNanos(),
                          in.linkType()));
                }
              });
      assertEquals(cutRecord, e.offset(), e.getMessage());
      before = (int) in.count();
    }
    assertTrue(before > 10, "records before the cut: " + before);
  }

  /** Closing a reader mid-file stops its read-ahead thread (none is left blocked on a queue). */
  @Test
  void closeStopsTheReadAheadThread() throws Exception {
    Path big = tmp.resolve("ahead.pcap");
    SampleTraffic.write(big, 60_000, 4);
    assertTrue(Files.size(big) > ByteSource.READ_AHEAD_ABOVE, "large enough to read ahead");
    for (int round = 0; round < 20; round++) {
      CaptureReader in = CaptureReader.open(big);
      for (int i = 0; i < round * 50; i++) {
        assertTrue(in.next());
      }
      in.close();
    }
    long alive =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("bpfjit-read ") && t.isAlive())
            .count();
    assertEquals(0, alive, "read-ahead threads left running");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name + ".cap");
    Files.write(p, bytes);
    return p;
  }
}
