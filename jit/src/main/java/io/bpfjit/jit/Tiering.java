package io.bpfjit.jit;

import io.bpfjit.jit.internal.FirstTier;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * When a filter's generated class takes over from the first tier. A new class starts in the JVM's
 * bytecode interpreter, 5–10 times slower than the shared {@link FirstTier} loop, and a large
 * program's many region methods take HotSpot seconds to compile; so the switch is measured, not
 * guessed:
 *
 * <ol>
 *   <li>the filter keeps a copy of the first {@value Samples#SIZE} packets it is given;
 *   <li>once it has done {@value #START_WORK} instruction-packets of work on the first tier (a
 *       short job never gets there, and never pays for the rest), one background thread generates
 *       its class;
 *   <li>then that thread runs the generated code and the first tier over the kept packets, a round
 *       at a time, until the generated code has been faster than the first tier's best round
 *       {@value #ROUNDS_FASTER} rounds in a row, and only then publishes it to the filter.
 * </ol>
 *
 * Rounds are separate tasks, so filters compiled together are generated and warmed in turn rather
 * than one after another. A filter whose code is not faster within {@value #DEADLINE_SECONDS} s
 * stays on the first tier; a filter dropped during its warm-up stops it (the task holds it weakly).
 */
final class Tiering {
  /**
   * First-tier work (program instructions times packets; a large program runs about 1.5 ns of it
   * per instruction there) before the class is generated: a job shorter than this (about half a
   * second) never pays for generation and warm-up, which on a 2-core machine compete with it for
   * the processor and, for a large program, need seconds before the class is faster (measured with
   * bench/short-job.sh: starting at a twentieth of this made the 8,938-instruction job 1.9× slower
   * than the first tier alone).
   */
  static final long START_WORK = 400_000_000;

  static final int ROUNDS_FASTER = 3;

  /**
   * A class not faster than the first tier within this long is kept out for good. Since the first
   * tier runs chains of compares as lookups, a large list's class can lose to it for good (240
   * unoptimised {@code ether host}s read from direct buffers); HotSpot compiles even an
   * 8,938-instruction class within a few seconds here.
   */
  static final int DEADLINE_SECONDS = 20;

  /** {@link #DEADLINE_SECONDS} in ns; a test shortens it to see a warm-up give up. */
  static volatile long deadlineNanos = TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);

  /** Packets run by each engine in one round. */
  private static final int ROUND_PACKETS = 256;

  /** Where the warm-up loops' results go, so that the JVM cannot drop them as unused. */
  @SuppressWarnings("unused")
  private static volatile int results;

  private static final ThreadPoolExecutor EXECUTOR =
      new ThreadPoolExecutor(
          1,
          1,
          2,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "bpfjit-tiering");
            t.setDaemon(true);
            return t;
          });

  static {
    EXECUTOR.allowCoreThreadTimeOut(true);
  }

  private Tiering() {}

  static <T> CompletableFuture<T> inBackground(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, EXECUTOR);
  }

  /** Starts the warm-up of a filter (with the samples it has), once its class is generated. */
  static void warmUp(JitFilter filter) {
    start(filter, filter.generation().thenApply(JitFilter.Generated::code), null);
  }

  /**
   * Generates a filter's buffer class and warms it up as {@link #warmUp} does its class, over the
   * same samples copied into direct buffers: started once the filter runs its generated class and
   * is given a buffer that has no accessible array.
   */
  static void warmUpBuffers(JitFilter filter) {
    start(filter, null, filter.bufferGeneration());
  }

  /** The first round of a warm-up, once the class ({@code code} or {@code bufferCode}) exists. */
  private static void start(
      JitFilter filter,
      CompletableFuture<JitCode> code,
      CompletableFuture<JitBufferCode> bufferCode) {
    WeakReference<JitFilter> ref = new WeakReference<>(filter);
    Samples samples = filter.samples();
    CompletableFuture<?> ready = code != null ? code : bufferCode;
    ready.thenRunAsync(
        () ->
            new WarmUp(
                    ref,
                    code != null ? code.join() : null,
                    bufferCode != null ? bufferCode.join() : null,
                    samples,
                    System.nanoTime())
                .round(Long.MAX_VALUE, 0),
        EXECUTOR);
  }

  /**
   * One filter's warm-up of its class ({@code code}) or of its buffer class ({@code bufferCode});
   * each round re-submits the next.
   */
  private static final class WarmUp {
    private final WeakReference<JitFilter> filter;
    private final JitCode code;
    private final JitBufferCode bufferCode;
    private final Samples samples;
    private final long start;

    /** The samples in direct buffers, for the buffer class's warm-up (made in its first round). */
    private ByteBuffer[] buffers;

    WarmUp(
        WeakReference<JitFilter> filter,
        JitCode code,
        JitBufferCode bufferCode,
        Samples samples,
        long start) {
      this.filter = filter;
      this.code = code;
      this.bufferCode = bufferCode;
      this.samples = samples;
      this.start = start;
    }

    private boolean published(JitFilter f) {
      return bufferCode != null ? f.buffersRunGeneratedCode() : f.runsGeneratedCode();
    }

    void round(long bestTier0, int faster) {
      JitFilter f = filter.get();
      if (f == null || published(f)) {
        return;
      }
      int kept = samples.size();
      if (kept == 0 || !f.firstTierSettled()) { // before the first packets: look again shortly
        f = null;
        CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS, EXECUTOR)
            .execute(() -> round(bestTier0, faster));
        return;
      }
      if (bufferCode != null && (buffers == null || buffers.length != kept)) {
        buffers = new ByteBuffer[kept];
        for (int i = 0; i < kept; i++) {
          byte[] p = samples.packets[i];
          buffers[i] = ByteBuffer.allocateDirect(p.length).put(p).flip();
        }
      }
      long t0 = System.nanoTime();
      FirstTier tier0 = f.tier0(); // as settled after the first packets (threaded or not)
      int sink = run(true, kept, tier0);
      long t1 = System.nanoTime();
      sink += run(false, kept, tier0);
      long t2 = System.nanoTime();
      long best = Math.min(bestTier0, t2 - t1);
      int inARow = (t1 - t0 <= best) ? faster + 1 : 0;
      results = sink; // keeps both loops' work alive
      if (inARow >= ROUNDS_FASTER) {
        if (bufferCode != null) {
          f.publishBuffers(bufferCode);
        } else {
          f.publish(code);
        }
        return;
      }
      if (t2 - start > deadlineNanos) {
        f.warmUpGaveUp(bufferCode != null);
        return;
      }
      f = null;
      EXECUTOR.execute(() -> round(best, inARow));
    }

    /** ROUND_PACKETS of the kept samples through the generated code or the first tier. */
    private int run(boolean generated, int kept, FirstTier tier0) {
      int sink = 0;
      byte[][] ps = samples.packets;
      for (int n = 0; n < ROUND_PACKETS; n++) {
        int i = n % kept;
        int wirelen = samples.wirelens[i];
        if (bufferCode != null) {
          ByteBuffer b = buffers[i];
          sink +=
              generated
                  ? bufferCode.apply(b, 0, b.limit(), wirelen)
                  : tier0.run(b, 0, b.limit(), wirelen);
        } else {
          sink +=
              generated
                  ? code.apply(ps[i], 0, ps[i].length, wirelen)
                  : tier0.run(ps[i], 0, ps[i].length, wirelen);
        }
      }
      return sink;
    }
  }

  /** Copies of the first packets a filter is given, the warm-up's input. */
  static final class Samples {
    static final int SIZE = 16;

    /** Longer packets are kept truncated: the warm-up needs their paths, not every byte. */
    private static final int MAX_BYTES = 4096;

    final byte[][] packets = new byte[SIZE][];
    final int[] wirelens = new int[SIZE];

    /**
     * How many are kept; written under the lock, read without it by the filter before it calls
     * {@link #offer} (a call per packet a fresh JVM interprets) and by offer's own fast check: a
     * stale read only makes offer look again.
     */
    int seen;

    /** Keeps a copy of the packet while fewer than SIZE are kept. */
    void offer(byte[] packet, int offset, int caplen, int wirelen) {
      if (seen >= SIZE) { // a stale read only takes the lock
        return;
      }
      synchronized (this) {
        if (seen < SIZE) {
          packets[seen] = Arrays.copyOfRange(packet, offset, offset + Math.min(caplen, MAX_BYTES));
          wirelens[seen] = wirelen;
          seen++;
        }
      }
    }

    /** Keeps a copy of {@code packet[offset .. offset + caplen)} while fewer than SIZE are kept. */
    void offer(ByteBuffer packet, int offset, int caplen, int wirelen) {
      if (seen >= SIZE) {
        return;
      }
      synchronized (this) {
        if (seen < SIZE) {
          byte[] copy = new byte[Math.min(caplen, MAX_BYTES)];
          packet.get(offset, copy);
          packets[seen] = copy;
          wirelens[seen] = wirelen;
          seen++;
        }
      }
    }

    /** How many are kept (SIZE once the warm-up can start: see START_WORK). */
    synchronized int size() {
      return seen;
    }
  }
}
