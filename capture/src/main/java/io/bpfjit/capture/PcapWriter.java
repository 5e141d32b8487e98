package io.bpfjit.capture;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a classic little-endian pcap file (nanosecond timestamps when asked) to a temporary file
 * beside the target and renames it into place on {@link #commit()}, so the target is always either
 * absent, its old self, or a complete valid capture. {@link #close()} without commit deletes it.
 * Written to a stream instead ({@link #toStream}), it is whole records only, also when closed
 * without a commit. Failures to create or write raise {@link CaptureWriteException} naming the
 * target. A temporary file still open when the JVM ends (Ctrl-C) is deleted by a shutdown hook.
 *
 * <p>Records of a capture read in place ({@link CaptureReader#openInPlace}) that are stored as this
 * writer writes them are written as runs of adjacent records, many runs a system call (a gathering
 * write), before the reader reuses a buffer: a long run straight from the reader's buffer, short
 * ones copied once into a direct staging buffer (one entry of the write for many of them). From a
 * capture read ahead, those writes run on the reader's read-ahead thread, in order with its reads
 * ({@link ByteSource#behind}), while this thread filters on; a failure there is thrown by the next
 * call here.
 */
public final class PcapWriter implements AutoCloseable {
  private static final int BUFFER = 1 << 20;

  /** A stream is written when this much is buffered: a reader down the pipe sees records soon. */
  private static final int STREAM_BLOCK = 64 << 10;

  /**
   * Temporary files neither committed nor closed: deleted if the JVM ends first (Ctrl-C, kill),
   * which would otherwise leave a hidden file as large as the output beside the target.
   */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  /** Orders renames with the shutdown hook: once it has run, nothing is renamed into place. */
  private static final Object RENAMES = new Object();

  private static boolean exiting; // guarded by RENAMES

  static {
    try {
      Runtime.getRuntime().addShutdownHook(new Cleanup());
    } catch (IllegalStateException e) {
      // First used while the JVM exits (from another hook): no cleanup then, files are kept.
    }
  }

  /** The shutdown hook that deletes {@link #PENDING} files. */
  private static final class Cleanup extends Thread {
    Cleanup() {
      super("bpfjit-pcap-cleanup");
    }

    @Override
    public void run() {
      synchronized (RENAMES) {
        exiting = true;
        for (Path p : PENDING) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            // Nothing more to do while the JVM exits.
          }
        }
      }
    }
  }

  /** Where the temporary file is renamed to; null when written in place (a stream, a device). */
  private final Path target;

  private final Path temp;
  private final String name;
  private final OutputStream out;
  private final boolean nanos;
  private final int block;

  /** Written in place to a file that is not a regular one (a device, a FIFO), closed here. */
  private final boolean special;

  /** Records are put here and written in large blocks (no per-record lock or stream calls). */
  private final byte[] buf = new byte[BUFFER];

  private int used;
  private boolean committed;
  private long written;
  private long fromRuns;

  /** Where runs are written: the file's channel, or null for a stream (runs copied then). */
  private final FileChannel channel;

  /** Runs of whole records in a reader's buffers, waiting for one gathering write. */
  private final ByteBuffer[] runs = new ByteBuffer[MAX_RUNS];

  private int runCount;

  /** The run being extended: {@code [runStart, runEnd)} of {@code runBuffer}, or none. */
  private ByteBuffer runBuffer;

  private int runStart;
  private int runEnd;

  /** The source whose buffers runs are in (told to {@link #drain} before reusing one). */
  private ByteSource runSource;

  /** What the source calls before reusing a buffer: one object, to be removed again. */
  private final ByteSource.Release release = old -> drain(true);

  /**
   * Runs shorter than this are copied into {@link #stage()} rather than written from the reader's
   * buffer: each entry of a gathering write costs the JDK and the kernel more than copying a few
   * hundred bytes. Measured over 1.07 GB, whole process, three runs each: `ip` (3.4 M records in
   * short runs, 713 MB written) 0.88-1.10 s with every run an entry, 0.78-0.96 s with short runs
   * staged (the array path before: 0.88-0.91 s); 300 `host`s (458,000 records) 0.87-0.89 s against
   * 0.77-0.92 s.
   */
  static final int SMALL_RUN = 4096;

  /**
   * Short runs, copied: direct, so that it is written as it is, with no copy of the JDK's. Two when
   * writes run behind ({@link #drain}): {@code stages[stageIndex]} filled here while the other's
   * runs are written; {@link #stageJob} is the write each waits for before it is filled again.
   */
  private final ByteBuffer[] stages = new ByteBuffer[2];

  private final long[] stageJob = new long[2];
  private int stageIndex;

  /** Writes handed to the read-ahead thread. */
  private long submitted;

  /** The last of them done, guarded by {@link #writesDone} (which is notified). */
  private long completed;

  private final Object writesDone = new Object();

  /** The first failure of a write run behind, thrown by the next call here. */
  private volatile IOException behindFailure;

  /** The staging buffer being filled. */
  private ByteBuffer stage() {
    return stages[stageIndex];
  }

  /**
   * {@code stage()[stagedFrom .. stageEnd)} holds short runs not yet entered into {@link #runs}.
   */
  private int stagedFrom;

  private int stageEnd;

  /** Runs a gathering write takes at most (Linux's IOV_MAX is 1,024). */
  private static final int MAX_RUNS = 1024;

  /**
   * Starts a capture of {@code linkType} at {@code target}: through a temporary file renamed into
   * place when the target is a regular file or absent (a symbolic link's file is replaced or
   * created, the link kept); written in place when it is something else, such as {@code /dev/null}
   * or a FIFO, which a rename would replace with a plain file.
   */
  public PcapWriter(Path target, int linkType, int snaplen, boolean nanos) throws IOException {
    this.name = target.toString();
    this.nanos = nanos;
    Path real;
    try {
      real = followLinks(target);
    } catch (IOException e) {
      throw new CaptureWriteException(name, e);
    }
    special = Files.exists(real) && !Files.isRegularFile(real);
    block = special ? STREAM_BLOCK : BUFFER;
    if (special) {
      this.target = null;
      this.temp = null;
    } else {
      this.target = real;
      try {
        this.temp = createTemp(real.toAbsolutePath().getParent(), real);
      } catch (IOException e) {
        throw new CaptureWriteException(name, e);
      }
      PENDING.add(temp);
    }
    // FileOutputStream, not Files.newOutputStream: plain write(2) from the array, without the
    // channel's copy through a temporary direct buffer. The temporary file is opened to append, so
    // without O_TRUNC: ext4 flushes a file that was truncated when it is closed (0.18 s for 570 MB,
    // measured).
    try {
      this.out =
          special ? new FileOutputStream(real.toFile()) : new FileOutputStream(temp.toFile(), true);
    } catch (IOException e) {
      if (temp != null) {
        Files.deleteIfExists(temp);
        PENDING.remove(temp);
      }
      throw new CaptureWriteException(name, e);
    }
    this.channel = ((FileOutputStream) out).getChannel();
    header(linkType, snaplen);
  }

  private PcapWriter(OutputStream out, String name, int linkType, int snaplen, boolean nanos) {
    this.target = null;
    this.temp = null;
    this.name = name;
    this.out = out;
    this.nanos = nanos;
    this.block = STREAM_BLOCK;
    this.special = false;
    this.channel = null;
    header(linkType, snaplen);
  }

  /**
   * A capture written to {@code out} (stdout, say; {@code name} is what errors call it), which is
   * flushed but not closed.
   */
  public static PcapWriter toStream(
      OutputStream out, String name, int linkType, int snaplen, boolean nanos) {
    return new PcapWriter(out, name, linkType, snaplen, nanos);
  }

  private void header(int linkType, int snaplen) {
    Bytes.putLe32(buf, 0, nanos ? 0xa1b23c4d : 0xa1b2c3d4);
    buf[4] = 2; // version 2.4
    buf[6] = 4;
    Bytes.putLe32(buf, 16, snaplen);
    Bytes.putLe32(buf, 20, linkType);
    used = 24;
  }

  /** Where {@code p} leads through symbolic links (the file a link names may not exist yet). */
  private static Path followLinks(Path p) throws IOException {
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) {
        throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
      }
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
    return p;
  }

  /**
   * A new empty file beside the target. Not {@code Files.createTempFile}, whose files are private
   * (0600): the output gets the permissions a plain create gives (0666 less the umask, as tcpdump's
   * {@code -w}), or those of the file it replaces.
   */
  private static Path createTemp(Path dir, Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
      Path p = dir.resolve("." + target.getFileName() + "." + suffix + ".part");
      try {
        Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 100) {
          continue;
        }
        throw e;
      }
      if (Files.isRegularFile(target)) {
        try {
          Files.setPosixFilePermissions(p, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException | IOException e) {
          // Not a POSIX file system, or not ours to change: keep the default.
        }
      }
      return p;
    }
  }

  /** Appends one record, its timestamp in nanoseconds since the epoch. */
  public void write(byte[] data, int offset, int caplen, int wirelen, long timestampNanos)
      throws IOException {
    write(data, offset, caplen, wirelen, seconds(timestampNanos), fraction(timestampNanos));
  }

  /** The seconds field of a stamp in nanoseconds since the epoch. */
  private static int seconds(long timestampNanos) {
    return (int) Math.floorDiv(timestampNanos, 1_000_000_000L);
  }

  /** The fraction field of a stamp in nanoseconds: nano- or microseconds, as this file has them. */
  private int fraction(long timestampNanos) {
    long frac = Math.floorMod(timestampNanos, 1_000_000_000L);
    return (int) (nanos ? frac : frac / 1000);
  }

  /**
   * Appends one record with the two timestamp fields as given (seconds, and micro- or nanoseconds
   * as this file has them), unnormalised, as libpcap's {@code pcap_dump} writes them.
   */
  public void write(byte[] data, int offset, int caplen, int wirelen, int seconds, int fraction)
      throws IOException {
    Objects.checkFromIndexSize(offset, caplen, data.length);
    record(caplen, wirelen, seconds, fraction);
    if (caplen > BUFFER - used) {
      flush();
      try {
        out.write(data, offset, caplen);
      } catch (IOException e) {
        throw new CaptureWriteException(name, e);
      }
    } else {
      System.arraycopy(data, offset, buf, used, caplen);
      used += caplen;
      if (used >= block) {
        flush();
      }
    }
    written++;
  }

  /**
   * Appends the current record of {@code in} with its first {@code caplen} bytes (at most its
   * caplen) and its own wire length and timestamp, as the other {@code write}s would (microseconds
   * as libpcap gives them, {@link CaptureReader#timestampMicros}). A record of a capture read in
   * place, stored as this writer stores it, is not copied here: it joins a run of such records,
   * written from the reader's buffer (a long run) or through the staging buffer (short ones).
   */
  public void write(CaptureReader in, int caplen) throws IOException {
    Objects.checkFromIndexSize(0, caplen, in.caplen() + 1);
    if (caplen == in.caplen()
        && !nanos
        && channel != null
        && in instanceof PcapReader p
        && p.verbatim()
        && p.src.direct()) {
      addRun(p.src, in.bytes(), in.offset() - 16, in.offset() + caplen);
      written++;
      fromRuns++;
      return;
    }
    int seconds = nanos ? seconds(in.timestampNanos()) : in.timestampSeconds();
    int fraction = nanos ? fraction(in.timestampNanos()) : in.timestampMicros();
    if (in.bytes().hasArray()) {
      write(in.buffer(), in.offset(), caplen, in.wirelen(), seconds, fraction);
    } else {
      ByteBuffer data = in.bytes();
      record(caplen, in.wirelen(), seconds, fraction);
      for (int at = in.offset(), left = caplen; left > 0; ) {
        if (used == BUFFER) {
          flush();
        }
        int n = Math.min(left, BUFFER - used);
        data.get(at, buf, used, n);
        used += n;
        at += n;
        left -= n;
      }
      if (used >= block) {
        flush();
      }
      written++;
    }
  }

  /** Puts a record header into the buffer (runs written first: records stay in order). */
  private void record(int caplen, int wirelen, int seconds, int fraction) throws IOException {
    drain(false);
    if (BUFFER - used < 16 + caplen) {
      flush();
    }
    Bytes.putLe32(buf, used, seconds);
    Bytes.putLe32(buf, used + 4, fraction);
    Bytes.putLe32(buf, used + 8, caplen);
    Bytes.putLe32(buf, used + 12, wirelen);
    used += 16;
  }

  /** Adds {@code [from, to)} of {@code b}, a buffer of {@code src}, to the runs. */
  private void addRun(ByteSource src, ByteBuffer b, int from, int to) throws IOException {
    if (b == runBuffer && from == runEnd) {
      runEnd = to;
      return;
    }
    if (used > 0) {
      flush();
    }
    if (runSource != src) {
      drain(false);
      stopRuns();
      src.addRelease(release);
      runSource = src;
      if (stages[0] == null) {
        stages[0] = ChunkReader.pageAligned(BUFFER);
      }
    }
    endRun();
    if (runCount >= MAX_RUNS - 2) { // room for a staged segment and a run
      drain(true);
    }
    runBuffer = b;
    runStart = from;
    runEnd = to;
  }

  /**
   * Moves the run being extended into {@link #runs}: a short one copied into {@link #stage()}
   * (beside the short runs before it: one entry of the gathering write for all of them), a long one
   * as a view of the reader's buffer.
   */
  private void endRun() {
    if (runBuffer == null) {
      return;
    }
    int len = runEnd - runStart;
    ByteBuffer stage = stage();
    if (len < SMALL_RUN && stage.capacity() - stageEnd >= len) {
      stage.put(stageEnd, runBuffer, runStart, len);
      stageEnd += len;
    } else {
      endStaged();
      runs[runCount++] = runBuffer.duplicate().limit(runEnd).position(runStart);
    }
    runBuffer = null;
  }

  /** Moves the short runs copied since the last entry into {@link #runs}, as one entry. */
  private void endStaged() {
    if (stageEnd > stagedFrom) {
      runs[runCount++] = stage().duplicate().limit(stageEnd).position(stagedFrom);
      stagedFrom = stageEnd;
    }
  }

  /**
   * Writes the runs: in one gathering write where the system takes them all; with {@code mayDefer},
   * from a capture read ahead, on the read-ahead thread (before it reads into the buffers they are
   * in again), the staging buffer swapped for the other. Otherwise here, after the writes handed
   * over before. Measured (4.3 GB, {@code port 80}, medians of 9 interleaved runs): 0.82 s against
   * 0.87 s written here; on a third thread, 1.00 s against 0.92.
   */
  private void drain(boolean mayDefer) throws IOException {
    endRun();
    endStaged();
    if (mayDefer && runSource != null && runSource.writesBehind()) {
      throwBehindFailure();
      if (runCount > 0) {
        ByteBuffer[] job = Arrays.copyOf(runs, runCount);
        long seq = ++submitted;
        runSource.behind(() -> writeBehind(job, seq));
        Arrays.fill(runs, 0, runCount, null);
        runCount = 0;
        if (stageEnd > 0) {
          stageJob[stageIndex] = seq;
          stageIndex ^= 1;
          if (stages[stageIndex] == null) {
            stages[stageIndex] = ChunkReader.pageAligned(BUFFER);
          }
          awaitBehind(stageJob[stageIndex]);
        }
      }
      stagedFrom = 0;
      stageEnd = 0;
      return;
    }
    awaitBehind(submitted);
    stagedFrom = 0;
    stageEnd = 0;
    if (runCount == 0) {
      return;
    }
    try {
      writeAll(runs, runCount);
    } catch (IOException e) {
      throw new CaptureWriteException(name, e);
    } finally {
      Arrays.fill(runs, 0, runCount, null);
      runCount = 0;
    }
  }

  private void writeAll(ByteBuffer[] r, int n) throws IOException {
    int first = 0;
    while (first < n) {
      channel.write(r, first, n - first);
      while (first < n && !r[first].hasRemaining()) {
        first++;
      }
    }
  }

  /** A write handed to the read-ahead thread: runs there, records the first failure. */
  private void writeBehind(ByteBuffer[] job, long seq) {
    try {
      if (behindFailure == null) {
        writeAll(job, job.length);
      }
    } catch (IOException e) {
      behindFailure = e;
    } catch (RuntimeException | Error e) {
      // Any failure fails the output: the main thread throws it rather than commit a short file.
      behindFailure = new IOException(e);
    } finally {
      synchronized (writesDone) {
        completed = seq;
        writesDone.notifyAll();
      }
    }
  }

  /** Waits until the writes handed over up to the {@code seq}th are done; throws their failure. */
  private void awaitBehind(long seq) throws IOException {
    if (seq > 0) {
      synchronized (writesDone) {
        while (completed < seq) {
          try {
            writesDone.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureWriteException(
                name, new InterruptedIOException("interrupted while writing"));
          }
        }
      }
    }
    throwBehindFailure();
  }

  private void throwBehindFailure() throws CaptureWriteException {
    IOException e = behindFailure;
    if (e != null) {
      throw new CaptureWriteException(name, e);
    }
  }

  private void flush() throws IOException {
    drain(false);
    try {
      out.write(buf, 0, used);
    } catch (IOException e) {
      throw new CaptureWriteException(name, e);
    } finally {
      used = 0;
    }
  }

  /** Records written. */
  public long count() {
    return written;
  }

  /** Records written as runs (from a reader's buffers or through the staging buffer; for tests). */
  long fromRuns() {
    return fromRuns;
  }

  /** Flushes and renames the finished file into place (flushes the stream). */
  public void commit() throws IOException {
    flush();
    stopRuns();
    try {
      if (target == null) {
        out.flush();
        if (special) {
          out.close();
        }
      } else {
        out.close();
        // A run stopped by a signal may still get here (the pipe it read from closed too): its
        // output is not what the user asked for, so the hook's deletion stands.
        synchronized (RENAMES) {
          if (exiting) {
            throw new IOException("interrupted: the JVM is exiting");
          }
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          PENDING.remove(temp);
        }
      }
    } catch (IOException e) {
      throw new CaptureWriteException(name, e);
    }
    committed = true;
  }

  /** No more runs: the reader is no longer told to hand its buffers' runs here. */
  private void stopRuns() {
    if (runSource != null) {
      runSource.removeRelease(release);
      runSource = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    stopRuns();
    if (target == null) {
      try {
        flush(); // whole records only: the stream stays a valid capture
        out.flush();
      } finally {
        if (special) {
          out.close();
        }
      }
    } else {
      try {
        out.close();
      } finally {
        Files.deleteIfExists(temp);
        PENDING.remove(temp);
      }
    }
  }
}
