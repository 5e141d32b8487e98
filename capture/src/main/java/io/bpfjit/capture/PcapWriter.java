package io.bpfjit.capture;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a classic little-endian pcap file (nanosecond timestamps when asked) to a temporary file
 * beside the target and renames it into place on {@link #commit()}, so the target is always either
 * absent, its old self, or a complete valid capture. {@link #close()} without commit deletes it.
 */
public final class PcapWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private final boolean nanos;
  private final byte[] header = new byte[16];
  private boolean committed;
  private long written;

  /** Starts a capture of {@code linkType} at {@code target}. */
  public PcapWriter(Path target, int linkType, int snaplen, boolean nanos) throws IOException {
    this.target = target;
    Path dir = target.toAbsolutePath().getParent();
    this.temp = createTemp(dir, target);
    // FileOutputStream, not Files.newOutputStream: plain write(2) from the array, without the
    // channel's copy through a temporary direct buffer.
    this.out = new BufferedOutputStream(new FileOutputStream(temp.toFile()), 1 << 20);
    this.nanos = nanos;
    byte[] h = new byte[24];
    le32(h, 0, nanos ? 0xa1b23c4d : 0xa1b2c3d4);
    h[4] = 2;
    h[6] = 4;
    le32(h, 16, snaplen);
    le32(h, 20, linkType);
    out.write(h);
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

  private static void le32(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }

  /** Appends one record. */
  public void write(byte[] data, int offset, int caplen, int wirelen, long timestampNanos)
      throws IOException {
    long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
    long frac = Math.floorMod(timestampNanos, 1_000_000_000L);
    le32(header, 0, (int) sec);
    le32(header, 4, (int) (nanos ? frac : frac / 1000));
    le32(header, 8, caplen);
    le32(header, 12, wirelen);
    out.write(header);
    out.write(data, offset, caplen);
    written++;
  }

  /** Records written. */
  public long count() {
    return written;
  }

  /** Flushes and renames the finished file into place. */
  public void commit() throws IOException {
    out.close();
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      out.close();
      Files.deleteIfExists(temp);
    }
  }
}
