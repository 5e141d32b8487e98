package io.bpfjit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.capture.internal.SampleTraffic;
import io.bpfjit.testing.PcapBuilder;
import io.bpfjit.testing.PcapngBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures read in place ({@link CaptureReader#openInPlace}) and their records written from where
 * they are ({@link PcapWriter#write(CaptureReader, int)}): the same output, byte for byte, as
 * reading into arrays and copying; records stored as the writer writes them go out as runs (long
 * ones from the reader's buffer, short ones through the staging buffer). ({@code CaptureReaderTest}
 * reads every file it makes both ways too.)
 */
class InPlaceTest {
  @TempDir Path tmp;

  /**
   * A file over the read-ahead threshold with records of every size (larger than the room in front
   * of a chunk too, so cut by chunk boundaries), little-endian microseconds as the writer writes:
   * copying every record gives the file back, every record from a run.
   */
  @Test
  void aFileStoredAsWrittenIsCopiedBackFromRuns() throws IOException {
    Path in = tmp.resolve("in.pcap");
    SplittableRandom r = new SplittableRandom(17);
    long records;
    try (PcapWriter w = new PcapWriter(in, 1, 262144, false)) {
      records = 0;
      long size = 24;
      while (size < ByteSource.READ_AHEAD_ABOVE + 3L * ChunkReader.CHUNK) {
        int len = records % 11 == 5 ? ChunkReader.HEAD + r.nextInt(100_000) : 14 + r.nextInt(1500);
        byte[] data = new byte[len];
        r.nextBytes(data);
        w.write(data, 0, len, len + r.nextInt(3), (int) records, r.nextInt(1_000_000));
        records++;
        size += 16 + len;
      }
      w.commit();
    }
    Path out = tmp.resolve("out.pcap");
    long fromRuns = copy(in, out, false, 0);
    assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
    assertEquals(records, fromRuns, "every record written from a run");
  }

  /**
   * Two writers copying from one reader read in place (every record to one, every other to the
   * other) both get their records: each writes its runs before the reader reuses a buffer.
   */
  @Test
  void twoWritersFromOneReader() throws IOException {
    Path in = tmp.resolve("two.pcap");
    SampleTraffic.write(in, 70_000, 11);
    Path all = tmp.resolve("all.pcap");
    Path odd = tmp.resolve("odd.pcap");
    Path oddArrays = tmp.resolve("odd-arrays.pcap");
    try (CaptureReader r = CaptureReader.openInPlace(in);
        PcapWriter a = new PcapWriter(all, r.linkTypeField(), r.snaplen(), false);
        PcapWriter b = new PcapWriter(odd, r.linkTypeField(), r.snaplen(), false)) {
      while (r.next()) {
        a.write(r, r.caplen());
        if (r.count() % 2 == 1) {
          b.write(r, r.caplen());
        }
      }
      a.commit();
      b.commit();
      assertEquals(r.count(), a.fromRuns());
      assertEquals((r.count() + 1) / 2, b.fromRuns());
    }
    try (CaptureReader r = CaptureReader.open(in);
        PcapWriter b = new PcapWriter(oddArrays, r.linkTypeField(), r.snaplen(), false)) {
      while (r.next()) {
        if (r.count() % 2 == 1) {
          b.write(r, r.caplen());
        }
      }
      b.commit();
    }
    assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(all));
    assertArrayEquals(Files.readAllBytes(oddArrays), Files.readAllBytes(odd));
  }

  /**
   * Records cut on writing (every third to a third of its length) leave runs for a copy and come
   * back to them: the output equals the one written from arrays.
   */
  @Test
  void cutRecordsBetweenRunsKeepTheirOrder() throws IOException {
    Path in = tmp.resolve("sample.pcap");
    SampleTraffic.write(in, 70_000, 9);
    assertTrue(Files.size(in) > ByteSource.READ_AHEAD_ABOVE);
    Path a = tmp.resolve("a.pcap");
    Path b = tmp.resolve("b.pcap");
    long fromRuns = copy(in, a, false, 3);
    copy(in, b, true, 3);
    assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));
    assertTrue(fromRuns > 40_000, "uncut records from runs: " + fromRuns);
  }

  /**
   * Files stored otherwise (big-endian, nanoseconds, a record longer than the snapshot length) are
   * read in place and written by copying, as from arrays; pcapng and a link type whose records
   * libpcap converts are read into arrays.
   */
  @Test
  void otherFilesAreCopiedOrReadIntoArrays() throws IOException {
    byte[] p = new byte[60];
    p[12] = 8;
    PcapBuilder be = new PcapBuilder(ByteOrder.BIG_ENDIAN, PcapBuilder.MICROS, 2, 4, 100, 1);
    PcapBuilder ns = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, PcapBuilder.NANOS, 2, 4, 100, 1);
    PcapBuilder longer = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, PcapBuilder.MICROS, 2, 4, 40, 1);
    for (int i = 0; i < 5; i++) {
      be.record(i, 7 * i, 60, 60, p);
      ns.record(i, 999_999_999 - i, 60, 64, p);
      longer.record(i, i, i % 2 == 0 ? 60 : 30, 60, Arrays.copyOf(p, i % 2 == 0 ? 60 : 30));
    }
    for (PcapBuilder f : new PcapBuilder[] {be, ns, longer}) {
      Path in = Files.write(tmp.resolve("f.pcap"), f.bytes());
      try (CaptureReader r = CaptureReader.openInPlace(in)) {
        assertTrue(r.inPlace());
        assertTrue(r.bytes().isDirect());
        assertThrows(IllegalStateException.class, r::buffer);
      }
      Path a = tmp.resolve("a.pcap");
      Path b = tmp.resolve("b.pcap");
      long fromRuns = copy(in, a, false, 0);
      copy(in, b, true, 0);
      assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));
      assertEquals(f == longer ? 2 : 0, fromRuns, "records stored as written");
    }
    Path pcapng =
        Files.write(
            tmp.resolve("f.pcapng"),
            new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .section()
                .iface(1, 0, 6)
                .enhanced(0, 1, p, 60)
                .bytes());
    // Linux SLL (113) in a big-endian file: its pseudo-header is converted in an array.
    PcapBuilder sll = new PcapBuilder(ByteOrder.BIG_ENDIAN, PcapBuilder.MICROS, 2, 4, 100, 113);
    sll.record(1, 1, 60, 60, p);
    Path converted = Files.write(tmp.resolve("sll.pcap"), sll.bytes());
    for (Path f : new Path[] {pcapng, converted}) {
      try (CaptureReader r = CaptureReader.openInPlace(f)) {
        assertFalse(r.inPlace(), f.toString());
        assertTrue(r.next());
        assertEquals(60, r.caplen());
        assertTrue(r.bytes().hasArray());
      }
    }
  }

  /**
   * A write that fails on the read-ahead thread (where the runs of a capture read ahead are
   * written) is thrown by the writer's next call, naming the output: here a FIFO whose reader goes
   * away after the file header (the pipe breaks), reported long before the end.
   */
  @Test
  void aWriteThatFailsBehindIsThrownByTheNextCall() throws Exception {
    Path fifo = tmp.resolve("fifo");
    Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo here");
    Path in = tmp.resolve("in.pcap");
    SampleTraffic.write(in, 70_000, 5);
    assertTrue(Files.size(in) > ByteSource.READ_AHEAD_ABOVE);
    Thread quitter =
        new Thread(
            () -> {
              try (InputStream s = Files.newInputStream(fifo)) {
                s.readNBytes(24); // the file header, then gone
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    quitter.start();
    long records = 0;
    long at = -1;
    try (CaptureReader r = CaptureReader.openInPlace(in);
        PcapWriter w = new PcapWriter(fifo, r.linkTypeField(), r.snaplen(), false)) {
      try {
        // The reader's next() may throw it too: it has the writer write before a buffer is reused.
        while (r.next()) {
          records++;
          w.write(r, r.caplen());
        }
      } catch (CaptureWriteException e) {
        assertTrue(e.getMessage().startsWith(fifo + ": cannot write ("), e.getMessage());
        at = records;
      }
    } catch (CaptureWriteException e) {
      // close() of a FIFO's writer writes what is left: the pipe is broken still
    }
    quitter.join();
    assertTrue(at > 0, "a write failed");
    assertTrue(at < 60_000, "failed at record " + at + " of 70,000");
  }

  /**
   * Copies every record of {@code in} to {@code out}, read in place or into arrays, every {@code
   * cutEvery}th one (0: none) cut to a third; returns the records written from runs.
   */
  private static long copy(Path in, Path out, boolean arrays, int cutEvery) throws IOException {
    try (CaptureReader r = arrays ? CaptureReader.open(in) : CaptureReader.openInPlace(in);
        PcapWriter w = new PcapWriter(out, r.linkTypeField(), r.snaplen(), false)) {
      assertEquals(!arrays, r.inPlace());
      while (r.next()) {
        int cap = cutEvery > 0 && r.count() % cutEvery == 0 ? r.caplen() / 3 : r.caplen();
        w.write(r, cap);
      }
      w.commit();
      return w.fromRuns();
    }
  }
}
