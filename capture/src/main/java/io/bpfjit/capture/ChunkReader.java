package io.bpfjit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream in chunks of {@link #CHUNK} bytes into a small pool of recycled arrays, each
 * chunk's data at {@code [HEAD, HEAD + length)} so that the consumer can put the unread tail of the
 * previous chunk in front of it. With {@code ahead}, a daemon thread reads while the consumer
 * parses and filters the previous chunk (the read is a third of the time of a light filter over a
 * file in the page cache); without, each chunk is read when asked for. Memory is the pool: {@code
 * POOL} arrays of {@code HEAD + CHUNK} bytes.
 */
final class ChunkReader implements AutoCloseable {
  static final int HEAD = 64 << 10;
  static final int CHUNK = 1024 << 10;
  private static final int POOL = 4;

  /** A filled array: {@code length} bytes at {@link #HEAD}; -1 at the end; or a read error. */
  record Chunk(byte[] data, int length, IOException error) {
    boolean end() {
      return length < 0;
    }
  }

  private final InputStream in;
  private final boolean partial;
  private final byte[][] pool = new byte[POOL][];
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(POOL);
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(POOL);
  private final Thread thread;
  private boolean done;

  /**
   * Reads {@code in}; with {@code partial}, a chunk is what one read gives (a pipe: records are
   * filtered as they arrive, not once a megabyte has), otherwise a chunk is full but at the end.
   */
  ChunkReader(InputStream in, boolean ahead, boolean partial, String name) {
    this.in = in;
    this.partial = partial;
    for (int i = 0; i < POOL; i++) {
      pool[i] = new byte[HEAD + CHUNK];
      free.add(pool[i]);
    }
    if (ahead) {
      thread = new Thread(this::readAhead, "bpfjit-read " + name);
      thread.setDaemon(true);
      thread.start();
    } else {
      thread = null;
    }
  }

  /** True when {@code a} is one of the pool's arrays (to be given back with {@link #recycle}). */
  boolean owns(byte[] a) {
    for (byte[] p : pool) {
      if (p == a) {
        return true;
      }
    }
    return false;
  }

  /** Gives a pool array back for reading into; other arrays are ignored. */
  void recycle(byte[] a) {
    if (owns(a)) {
      free.add(a);
    }
  }

  /** The next chunk in file order, blocking until it is read. */
  Chunk next() throws IOException {
    if (done) {
      return new Chunk(null, -1, null);
    }
    Chunk c;
    if (thread == null) {
      c = fill(takeFree());
    } else {
      try {
        c = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading");
      }
    }
    if (c.error() != null) {
      done = true;
      throw c.error();
    }
    if (c.end()) {
      done = true;
    }
    return c;
  }

  private byte[] takeFree() {
    byte[] a = free.poll();
    if (a == null) {
      throw new IllegalStateException("all read buffers are in use");
    }
    return a;
  }

  /** Reads one chunk into {@code a} (fewer bytes only at the end of the stream). */
  private Chunk fill(byte[] a) {
    int n = 0;
    try {
      while (n < CHUNK) {
        int r = in.read(a, HEAD + n, CHUNK - n);
        if (r < 0) {
          break;
        }
        n += r;
        if (partial && n > 0) {
          break;
        }
      }
    } catch (IOException e) {
      free.add(a);
      return new Chunk(null, 0, e);
    }
    if (n == 0) {
      free.add(a);
      return new Chunk(null, -1, null);
    }
    return new Chunk(a, n, null);
  }

  private void readAhead() {
    try {
      while (true) {
        Chunk c = fill(free.take());
        filled.put(c);
        if (c.end() || c.error() != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // closed: stop reading
    }
  }

  @Override
  public void close() throws IOException {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    in.close();
  }
}
