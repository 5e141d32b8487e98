package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The first tier's lookups for chains of compares against the program run one instruction at a time
 * ({@link FirstTier#asWritten}): random chains over up to three packet words of every width,
 * reloaded before some links and not others, masked or not, with links guarded by a word tested
 * first (as unoptimised {@code host} and {@code net} lists test the ethertype before each address),
 * matched links that check one more byte and rejoin the chain when it differs (as unoptimised
 * {@code ether host} lists do), returns of A, and packets short enough to cut the chain's loads
 * anywhere; and chains on an A no load set.
 */
class CompareChainsTest {
  private static final int RETURNS = 4;

  /** A word of the packet: its load's opcode, its offset and width. */
  private record Word(int code, int offset, int width) {}

  private static final int[][] LOADS = {{0x20, 4}, {0x28, 2}, {0x30, 1}}; // ld, ldh, ldb

  /** Masks a link may apply to its word ({@code and #mask}, as {@code net}s do). */
  private static final int[] MASKS = {0xff000000, 0xffff0000, 0xffffff00, 0xff00, 0xf0, 0};

  private record Chain(
      BpfProgram program, List<Word> words, List<List<Integer>> constants, boolean guarded) {}

  /** A chain from a load; {@code onA}: one A set by an ALU instruction, compared by every link. */
  private static Chain chain(Random r, int links, boolean onA) {
    List<Word> words = new ArrayList<>();
    int wordCount = onA ? 1 : 1 + r.nextInt(r.nextInt(4) == 0 ? 20 : 3); // past the caps
    for (int w = 0; w < wordCount; w++) {
      int[] load = LOADS[r.nextInt(LOADS.length)];
      words.add(onA ? new Word(0x20, 0, 4) : new Word(load[0], r.nextInt(17), load[1]));
    }
    List<List<Integer>> constants = new ArrayList<>();
    for (int w = 0; w <= wordCount; w++) {
      constants.add(new ArrayList<>());
    }
    // the guard (an ethertype, say): a word some links test first, with one of two constants
    Word guardWord = new Word(0x28, r.nextInt(17), 2);
    words.add(guardWord);
    int guardRate = onA ? 0 : r.nextInt(5); // from no link guarded to every one (of four)
    // lay the links out first: [guard: ldh, jeq] [load [and]] jeq [sub-check: ldb, jeq]
    int[] word = new int[links];
    boolean[] guard = new boolean[links];
    int[] start = new int[links + 1];
    boolean[] reload = new boolean[links];
    boolean[] sub = new boolean[links];
    int[] at = new int[links];
    int pos = onA ? 2 : 0;
    int current = -1;
    int[] mask = new int[links]; // of a reload: and #mask after it (-1: none)
    for (int j = 0; j < links; j++) {
      word[j] = r.nextInt(wordCount);
      guard[j] = r.nextInt(4) < guardRate;
      start[j] = pos;
      pos += guard[j] ? 2 : 0;
      reload[j] = !onA && (guard[j] || word[j] != current || r.nextInt(3) != 0);
      current = word[j];
      mask[j] = reload[j] && r.nextInt(3) == 0 ? MASKS[r.nextInt(MASKS.length)] : -1;
      sub[j] = r.nextInt(4) == 0;
      at[j] = pos + (reload[j] ? 1 : 0) + (mask[j] != -1 ? 1 : 0); // the jeq's pc
      pos = at[j] + 1 + (sub[j] ? 2 : 0);
    }
    start[links] = pos;
    int firstReturn = pos;
    List<RawInstruction> insns = new ArrayList<>();
    if (onA) {
      insns.add(new RawInstruction(0x20, 0, 0, 0)); // ld [0]
      insns.add(new RawInstruction(0x54, 0, 0, 0xffff00ff)); // and #0xffff00ff
    }
    int masked = -1; // the mask on the word A holds
    for (int j = 0; j < links; j++) {
      Word w = words.get(word[j]);
      if (guard[j]) {
        int g = r.nextInt(2) == 0 ? 0x0101 : 0x0203;
        constants.get(wordCount).add(g);
        insns.add(new RawInstruction(guardWord.code(), 0, 0, guardWord.offset()));
        insns.add(new RawInstruction(0x15, 0, start[j + 1] - (start[j] + 2), g)); // or next link
      }
      if (reload[j]) {
        insns.add(new RawInstruction(w.code(), 0, 0, w.offset()));
        masked = mask[j];
        if (masked != -1) {
          insns.add(new RawInstruction(0x54, 0, 0, masked)); // and #mask
        }
      }
      int k =
          onA ? r.nextInt(links) * 0x01010101 & 0xffff00ff : constant(r, w.width(), links) & masked;
      constants.get(word[j]).add(k);
      int toReturn = firstReturn + r.nextInt(RETURNS) - (at[j] + 1);
      if (sub[j]) {
        insns.add(new RawInstruction(0x15, 0, 2, k)); // jeq #k, sub-check, next link
        insns.add(new RawInstruction(0x30, 0, 0, r.nextInt(20))); // ldb [x]
        int c = r.nextInt(4);
        insns.add(new RawInstruction(0x15, toReturn - 2, 0, c)); // jeq #c, return, next link
      } else {
        insns.add(new RawInstruction(0x15, toReturn, 0, k)); // jeq #k, return, next link
      }
    }
    for (int i = 0; i < RETURNS; i++) {
      insns.add(
          i % 2 == 0
              ? new RawInstruction(0x16, 0, 0, 0) // ret a
              : new RawInstruction(0x06, 0, 0, 100 + i)); // ret #100+i
    }
    boolean guarded = false;
    for (boolean g : guard) {
      guarded |= g;
    }
    return new Chain(BpfProgram.of(insns), words, constants, guarded);
  }

  /** Constants from a small pool, so that some repeat. */
  private static int constant(Random r, int width, int links) {
    int v = r.nextInt(Math.max(2, links / 2)) * 0x01010101;
    return width == 4 ? v : width == 2 ? v & 0xffff : v & 0xff;
  }

  /** A packet of 0-24 bytes whose words often hold one of their constants. */
  private static byte[] packet(Random r, Chain c) {
    byte[] p = new byte[r.nextInt(25)];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) r.nextInt(4);
    }
    for (int w = 0; w < c.words().size(); w++) {
      Word word = c.words().get(w);
      List<Integer> ks = c.constants().get(w);
      if (ks.isEmpty() || r.nextBoolean()) {
        continue;
      }
      int k = ks.get(r.nextInt(ks.size()));
      if (r.nextInt(3) == 0) { // low bits a prefix mask clears: inside its range, or past it
        k = r.nextBoolean() ? k | -1 >>> 8 * (1 + r.nextInt(3)) : k - 1;
      }
      for (int b = 0; b < word.width() && word.offset() + b < p.length; b++) {
        p[word.offset() + b] = (byte) (k >>> (8 * (word.width() - 1 - b)));
      }
    }
    return p;
  }

  @Test
  void lookupsGiveTheChainsResults() {
    Random r = new Random(23);
    int lookups = 0;
    int multiWord = 0;
    int guardedLookups = 0;
    int spans = 0;
    for (int trial = 0; trial < 600; trial++) {
      boolean onA = trial % 3 == 0;
      Chain c = chain(r, 1 + r.nextInt(30), onA);
      VerifiedProgram v = Verifier.verify(c.program());
      FirstTier reference = FirstTier.asWritten(v);
      FirstTier tier0 = FirstTier.unthreaded(v);
      FirstTier threaded = FirstTier.threaded(v);
      lookups += tier0.lookupCount();
      multiWord += !onA && c.words().size() > 2 && tier0.lookupCount() > 0 ? 1 : 0;
      guardedLookups += c.guarded() && tier0.lookupCount() > 0 ? 1 : 0;
      spans += tier0.lookupSpans();
      for (int n = 0; n < 60; n++) {
        byte[] p = packet(r, c);
        int expected = reference.apply(p);
        assertEquals(expected, tier0.apply(p), () -> "first tier on " + hex(p) + " in " + v);
        assertEquals(expected, threaded.apply(p), () -> "threaded on " + hex(p) + " in " + v);
      }
    }
    assertTrue(lookups > 300, "most chains became lookups: " + lookups);
    assertTrue(multiWord > 100, "chains over several words: " + multiWord);
    assertTrue(guardedLookups > 100, "chains with guarded links: " + guardedLookups);
    assertTrue(spans > 30, "words searched by interval: " + spans);
  }

  private static String hex(byte[] p) {
    return java.util.HexFormat.of().formatHex(p);
  }
}
