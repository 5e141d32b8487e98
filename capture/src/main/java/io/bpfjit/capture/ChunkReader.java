package io.bpfjit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads a stream in chunks of {@link #CHUNK} bytes into a small pool of recycled buffers, each
 * chunk's data at {@code [HEAD, HEAD + length)} so that the consumer can put the unread tail of the
 * previous chunk in front of it. A stream is read into heap buffers (arrays); a file channel into
 * direct buffers, with one copy (the kernel's: a heap array is filled through a second, the JDK's
 * own native buffer). With {@code ahead}, a daemon thread reads while the consumer parses and
 * filters the previous chunk (the read is a third of the time of a light filter over a file in the
 * page cache); without, each chunk is read when asked for. That thread also runs the jobs given to
 * {@link #behind} (a writer's gathering writes of records still in the buffers), in order with the
 * buffers given back: a buffer is read into again only after the jobs given before it have run. (A
 * third thread for them measured slower on two cores.) Memory is the pool: {@code POOL} buffers of
 * {@code HEAD + CHUNK} bytes.
 */
final class ChunkReader implements AutoCloseable {
  static final int HEAD = 64 << 10;
  static final int CHUNK = 1024 << 10;
  private static final int POOL = 4;

  /** A filled buffer: {@code length} bytes at {@link #HEAD}; -1 at the end; or a read error. */
  record Chunk(ByteBuffer data, int length, IOException error) {
    boolean end() {
      return length < 0;
    }
  }

  /** What is read: a stream (into arrays) or, when null, {@link #channel} (into direct buffers). */
  private final InputStream in;

  private final FileChannel channel;
  private final boolean partial;
  private final ByteBuffer[] pool = new ByteBuffer[POOL];

  /** Buffers to read into and, with a read-ahead thread, jobs to run first ({@link #behind}). */
  private final BlockingQueue<Object> free = new LinkedBlockingQueue<>();

  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(POOL);
  private final Thread thread;
  private boolean done;
  private boolean closed;

  /**
   * Reads {@code in}; with {@code partial}, a chunk is what one read gives (a pipe: records are
   * filtered as they arrive, not once a megabyte has), otherwise a chunk is full but at the end.
   */
  ChunkReader(InputStream in, boolean ahead, boolean partial, String name) {
    this(in, null, ahead, partial, name);
  }

  /** Reads a file through {@code channel} into direct buffers. */
  ChunkReader(FileChannel channel, boolean ahead, String name) {
    this(null, channel, ahead, false, name);
  }

  private ChunkReader(
      InputStream in, FileChannel channel, boolean ahead, boolean partial, String name) {
    this.in = in;
    this.channel = channel;
    this.partial = partial;
    for (int i = 0; i < POOL; i++) {
      pool[i] = direct() ? pageAligned(HEAD + CHUNK) : ByteBuffer.allocate(HEAD + CHUNK);
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

  /**
   * A direct buffer starting on a page. Measured on this project's VM (AMD EPYC, Linux 6.18): the
   * kernel's copy from the page cache into a buffer as {@code allocateDirect} places it took
   * 0.45-0.7 s per GB, into a page-aligned one 0.10-0.13 s (FileInputStream into an array:
   * 0.14-0.15 s).
   */
  static ByteBuffer pageAligned(int size) {
    int pages = (int) ((size + (long) PAGE - 1) / PAGE) * PAGE; // alignedSlice ends on a page too
    return ByteBuffer.allocateDirect(pages + PAGE).alignedSlice(PAGE).limit(size).slice();
  }

  private static final int PAGE = 4096;

  /** Whether chunks are direct buffers (read from a channel) rather than arrays. */
  boolean direct() {
    return in == null;
  }

  /** True when {@code a} is one of the pool's buffers (to be given back with {@link #recycle}). */
  boolean owns(ByteBuffer a) {
    for (ByteBuffer p : pool) {
      if (p == a) {
        return true;
      }
    }
    return false;
  }

  /** Gives a pool buffer back for reading into; other buffers are ignored. */
  void recycle(ByteBuffer a) {
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

  private ByteBuffer takeFree() {
    if (!(free.poll() instanceof ByteBuffer a)) {
      throw new IllegalStateException("all read buffers are in use");
    }
    return a;
  }

  /** Whether {@link #behind} runs jobs on another thread (the read-ahead thread). */
  boolean runsBehind() {
    return thread != null;
  }

  /**
   * Runs {@code job} on the read-ahead thread after what was given before it (jobs, buffers to read
   * into); a buffer given back afterwards is read into only once it has run. Without that thread,
   * or once closed, here and now. Called by the thread that reads the chunks; a job catches what it
   * throws.
   */
  void behind(Runnable job) {
    if (thread == null || closed) {
      job.run();
    } else {
      free.add(job);
    }
  }

  /** Reads one chunk into {@code a} (fewer bytes only at the end of the stream). */
  private Chunk fill(ByteBuffer a) {
    int n = 0;
    try {
      while (n < CHUNK) {
        int r =
            in != null
                ? in.read(a.array(), HEAD + n, CHUNK - n)
                : channel.read(a.limit(HEAD + CHUNK).position(HEAD + n));
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
      boolean ended = false;
      while (true) {
        Object t = free.take();
        if (t instanceof Runnable job) {
          job.run();
        } else if (!ended) {
          // After the end (or an error) nothing is read: the thread stays for the jobs.
          Chunk c = fill((ByteBuffer) t);
          filled.put(c);
          ended = c.end() || c.error() != null;
        }
      }
    } catch (InterruptedException e) {
      // closed: stop reading
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Jobs the thread left (a writer's, when this reader is closed before it): run them here.
      for (Object t; (t = free.poll()) != null; ) {
        if (t instanceof Runnable job) {
          job.run();
        }
      }
    }
    if (in != null) {
      in.close();
    } else {
      channel.close();
    }
  }
}
