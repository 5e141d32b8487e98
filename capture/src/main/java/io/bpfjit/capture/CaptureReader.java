package io.bpfjit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Streams the records of a classic pcap or pcapng file with constant memory (about 4 MB of read
 * buffers; files over 4 MB are read ahead on a second thread). After {@link #next()} returns true,
 * the record's bytes are {@code buffer()[offset() .. offset() + caplen())}, valid until the next
 * call, converted as libpcap converts them (pseudo-headers of big-endian files, memory-mapped USB
 * lengths). Damage raises {@link CaptureFormatException} naming the file and byte. A reader {@link
 * #openInPlace opened in place} has its records in direct buffers instead: {@link #bytes()}.
 */
public interface CaptureReader extends AutoCloseable {
  /** Opens {@code file}, detecting pcap (either byte order, µs or ns) or pcapng. */
  static CaptureReader open(Path file) throws IOException {
    return open(new ByteSource(file), file);
  }

  /**
   * Reads a capture from {@code in} (a pipe: stdin, say), which is closed with the reader; {@code
   * name} is what errors call it.
   */
  static CaptureReader open(InputStream in, Path name) throws IOException {
    return open(new ByteSource(in), name);
  }

  /**
   * Opens {@code file} to read its records in place: read through a file channel into direct
   * buffers (one copy, the kernel's, where {@link #open(Path)} makes two), each record's bytes at
   * {@code bytes()[offset() .. offset() + caplen())}, and {@link #buffer()} unused. A classic pcap
   * file is read so; a pcapng file, and a pcap whose records libpcap converts (pseudo-headers of
   * big-endian files, memory-mapped USB lengths), are read as {@link #open(Path)} reads them.
   */
  static CaptureReader openInPlace(Path file) throws IOException {
    CaptureReader r = open(ByteSource.inPlace(file), file);
    if (!(r instanceof PcapReader p) || !p.postProcesses()) {
      return r;
    }
    r.close();
    return open(file);
  }

  private static CaptureReader open(ByteSource src, Path file) throws IOException {
    try {
      int got = src.request(4);
      if (got < 4) {
        throw new CaptureFormatException(
            file, 0, "too short for a capture file (" + got + " bytes)");
      }
      int magic = Bytes.u32(src.bytes(), src.cursor(), false);
      if (magic == PcapngReader.SHB) {
        if (src.direct()) { // pcapng blocks are read from arrays
          src.close();
          return open(file);
        }
        return new PcapngReader(file, src);
      }
      return new PcapReader(file, src);
    } catch (IOException | RuntimeException e) {
      src.close();
      throw e;
    }
  }

  /**
   * Whether a file whose first four bytes, read big-endian, are {@code magic} is of a format {@link
   * #open} reads: a pcap of any variant, or pcapng (its contents may still be refused).
   */
  static boolean isCaptureMagic(int magic) {
    return magic == PcapngReader.SHB || PcapReader.knows(magic);
  }

  /** Advances to the next record; false at a clean end of file. */
  boolean next() throws IOException;

  /**
   * The array holding the current record, at {@code [offset() .. offset() + caplen())}.
   *
   * @throws IllegalStateException for a reader opened in place, whose records are in {@link
   *     #bytes()}
   */
  byte[] buffer();

  /**
   * The buffer holding the current record, at {@code [offset() .. offset() + caplen())} (absolute
   * indices): a heap buffer over {@link #buffer()}, or a direct one for a reader opened in place.
   * The reader reads it at absolute indices up to its capacity: leave its position, limit and byte
   * order alone (mark a packet in a {@code duplicate()}, or pass the indices).
   */
  ByteBuffer bytes();

  /** Whether records are read in place, in direct buffers ({@link #openInPlace}). */
  boolean inPlace();

  int offset();

  int caplen();

  /** Original length on the wire (unsigned 32 bits). */
  int wirelen();

  /** Timestamp in nanoseconds since the epoch. */
  long timestampNanos();

  /**
   * The timestamp's seconds as libpcap gives them at microsecond precision ({@code pcap_pkthdr}'s
   * {@code ts.tv_sec}, 32 bits as a pcap file stores them), with {@link #timestampMicros()}.
   */
  int timestampSeconds();

  /**
   * The timestamp's fraction as libpcap gives it at microsecond precision, which tcpdump's {@code
   * -w} writes: a pcap file's microsecond field as it is (even 1,000,000 or more), a nanosecond one
   * divided by 1,000 (signed in a little-endian file, 0xfffff000 giving -4, unsigned in a
   * big-endian one, as libpcap on a little-endian host has them), a pcapng stamp scaled from its
   * interface's resolution (its low 32 bits).
   */
  int timestampMicros();

  /**
   * The capture's link type ({@code LINKTYPE_} value) without the FCS-length bits a pcap header may
   * carry above it; for pcapng, the first interface's (read when the file is opened). libpcap reads
   * one link type and snapshot length per file: a pcapng interface that differs is damage.
   */
  int linkType();

  /**
   * The link-type field to write into a pcap header that copies this capture's, as {@code tcpdump
   * -r in -w out} does: the value as libpcap maps it (12 becomes 101), the pcap header's FCS-length
   * bits kept.
   */
  int linkTypeField();

  /**
   * The capture's snapshot length (pcapng: its first interface's) as libpcap reports it: the
   * declared one when positive, else the link type's largest (262144 for nearly all).
   */
  int snaplen();

  /** Records read so far. */
  long count();

  /** File offset where the current record starts. */
  long recordOffset();

  @Override
  void close() throws IOException;
}
