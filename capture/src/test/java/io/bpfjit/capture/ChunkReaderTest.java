package io.bpfjit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-ahead thread's jobs ({@link ChunkReader#behind}: a writer's writes of records still in
 * the reader's buffers) run in order with the buffers given back, and still run after the end.
 */
class ChunkReaderTest {
  @TempDir Path tmp;

  /** Eight chunks, each chunk's bytes its own (chunk index in every byte, plus the position). */
  private Path eightChunks() throws IOException {
    byte[] data = new byte[8 * ChunkReader.CHUNK];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i / ChunkReader.CHUNK * 31 + i % 251);
    }
    return Files.write(tmp.resolve("chunks.bin"), data);
  }

  private static byte[] chunkBytes(ByteBuffer b, int length) {
    byte[] a = new byte[length];
    b.get(ChunkReader.HEAD, a);
    return a;
  }

  /**
   * A slow job given before a buffer is given back sees that buffer as it was: the buffer is read
   * into again (the pool is smaller than the file) only after the job has run.
   */
  @Test
  void aBufferGivenBackAfterAJobIsReadIntoOnlyOnceItHasRun() throws Exception {
    Path f = eightChunks();
    try (FileChannel ch = FileChannel.open(f);
        ChunkReader r = new ChunkReader(ch, true, "test")) {
      assertTrue(r.runsBehind());
      ChunkReader.Chunk first = r.next();
      ByteBuffer b = first.data();
      byte[] before = chunkBytes(b, first.length());
      AtomicReference<byte[]> seen = new AtomicReference<>();
      r.behind(
          () -> {
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            seen.set(chunkBytes(b, first.length()));
          });
      r.recycle(b);
      int reused = 0;
      for (ChunkReader.Chunk c = r.next(); !c.end(); c = r.next()) {
        if (c.data() == b) {
          reused++;
        }
        r.recycle(c.data());
      }
      assertTrue(reused > 0, "the buffer was read into again");
      assertNotNull(seen.get(), "the job ran before its buffer was read into again");
      assertArrayEquals(before, seen.get());
    }
  }

  /** After the end of the file, the read-ahead thread still runs the jobs it is given. */
  @Test
  void jobsRunAfterTheEnd() throws Exception {
    Path f = eightChunks();
    try (FileChannel ch = FileChannel.open(f);
        ChunkReader r = new ChunkReader(ch, true, "test")) {
      int chunks = 0;
      for (ChunkReader.Chunk c = r.next(); !c.end(); c = r.next()) {
        chunks++;
        r.recycle(c.data());
      }
      assertEquals(8, chunks);
      CountDownLatch ran = new CountDownLatch(1);
      r.behind(ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS), "the job ran");
    }
  }

  /** Jobs still queued when the reader is closed run before close returns. */
  @Test
  void closeRunsTheJobsLeft() throws Exception {
    Path f = eightChunks();
    CountDownLatch ran = new CountDownLatch(3);
    try (FileChannel ch = FileChannel.open(f);
        ChunkReader r = new ChunkReader(ch, true, "test")) {
      r.next();
      for (int i = 0; i < 3; i++) {
        r.behind(ran::countDown);
      }
    }
    assertEquals(0, ran.getCount());
  }
}
