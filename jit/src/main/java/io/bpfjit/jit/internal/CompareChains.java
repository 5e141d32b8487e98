package io.bpfjit.jit.internal;

import io.bpfjit.BpfSemantics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first tier's chains of compares with constants, found in its table and run as lookups. A
 * chain is a run of {@code jeq #k}, each link's false successor the next link (through forward
 * {@code ja}s, which the optimiser puts between pieces); a packet that matches no link runs every
 * one of them, which for a list of 300 {@code host}s is most of its steps.
 *
 * <ul>
 *   <li>{@link OnWords}, from a load: links of one or more conditions on packet words, each a load
 *       (perhaps masked) and a compare, or a compare of the word loaded last; a link's conditions
 *       share one false successor, the next link, and each but the last leads to the next by its
 *       true edge. An unoptimised list reloads before each link, alternates source and destination
 *       words, and tests the ethertype again before each address (a link of two conditions). The
 *       first link whose conditions all hold wins, as in the chain: each link is indexed by its
 *       condition that fewest of the chain's conditions share (the address, not the ethertype); per
 *       test (a word under one mask), one hash probe with its value gives the links it indexes; the
 *       earliest of those whose other conditions hold is the one. A test whose links all start with
 *       the same few values of one word (the ethertype) is probed only when the packet has one of
 *       them. For a packet too short for one of the words, a second index by each link's first
 *       condition finds the first link that reaches an out-of-bounds load, where the chain (and the
 *       program) would stop.
 *   <li>{@link OnA}, from a compare: links comparing A, unchanged, one constant after another.
 * </ul>
 *
 * <p>The chain's first instruction becomes the lookup; the other links stay as they are, for paths
 * that enter the chain part way. A chain ends where it runs into an earlier one (whose links then
 * run one by one): where a matched link's path (the rest of an address, say) rejoins the list, a
 * chain from there would repeat the rest of the list, for every link. A after a lookup is what the
 * chain leaves in it: the word the matched link compared last, or the word the last link's failing
 * condition compared. Chains are found on the table, so a threaded tier's chains are its threaded
 * ones.
 */
final class CompareChains {
  /** The chains on A, which {@code LOOKUP}'s third int indexes; null if none. */
  private final OnA[] onA;

  /** The chains over words, which {@code LOOKUP_WORDS}'s third int indexes (run by the tier). */
  final OnWords[] onWords;

  private CompareChains(OnA[] onA, OnWords[] onWords) {
    this.onA = onA;
    this.onWords = onWords;
  }

  /** How many chains run as lookups. */
  int count() {
    return (onA == null ? 0 : onA.length) + onWords.length;
  }

  /** Words that lookups over packet words search by interval, in all. */
  int spans() {
    int n = 0;
    for (OnWords chain : onWords) {
      n += chain.spanCount();
    }
    return n;
  }

  /** Links in all the chains over packet words. */
  int wordLinks() {
    int links = 0;
    for (OnWords chain : onWords) {
      links += chain.linkCount();
    }
    return links;
  }

  /** Where A goes from the chain on A that {@code LOOKUP}'s third int is {@code index} of. */
  int next(int index, int a) {
    OnA chain = onA[index];
    int at = Arrays.binarySearch(chain.keys(), a);
    return at >= 0 ? chain.targets()[at] : chain.otherwise();
  }

  /** A chain on A: distinct constants in order, the table index each goes to, and the default. */
  record OnA(int[] keys, int[] targets, int otherwise) {}

  /**
   * A chain over packet words (see the class comment): filled by {@link #fromLoad} as it parses the
   * chain, then indexed by {@link #finish}, after which nothing changes it (it reaches other
   * threads through the final fields of the tier that holds it). One class for the parse, the index
   * and the lookup: a fresh JVM pays for each class it loads.
   */
  static final class OnWords {
    /** {@link #run}'s result when a load of the chain is out of bounds: the program returns 0. */
    static final long OUT_OF_BOUNDS = -1;

    // per word the chain loads: width << 32 | offset while parsing; then its width and offset
    private long[] words = new long[4];
    private int wordCount;
    private int[] width;
    private int[] offset;
    // per test (a word under a mask): its word and mask
    private int[] testWord = new int[4];
    private int[] mask = new int[4];
    private int tests;
    // per condition, in chain order: its test and the constant it must equal
    private int[] condTest = new int[16];
    private int[] constant = new int[16];
    private int conditions;
    // per link, in chain order: its conditions at [condStart[j], condStart[j + 1]), its target (a
    // table index); and where the chain goes when no link matches
    private int[] condStart = new int[17];
    private int[] target = new int[16];
    private int links;
    private int otherwise;
    // An open-addressed hash table of the (test, constant) pairs of the chain's conditions, at most
    // half full: slot s at [2s, 2s + 1], the key (test << 32 | constant) and its group + 1 (0: an
    // empty slot), one cache line a probe. No sort: a JVM interprets the build once.
    private long[] slots;
    // the packet bytes every word lies within, from offset 0; the tests that index any link
    private long extent;
    private int[] probed;
    // per group, the links indexed by it, ascending, at keyLinks[keyFrom[g] .. keyFrom[g + 1]);
    // each link is indexed by its condition that fewest conditions share; and the same by the
    // links' first conditions (for packets too short for some word)
    private int[] keyFrom;
    private int[] keyLinks;
    private int[] firstFrom;
    private int[] firstLinks;
    // per test, the first link whose first condition is on it
    private int[] firstWith;
    // per test, a guard: another test that every link it indexes tests first, and the values it
    // allows (-1 and null: none), so that an IPv6 packet does not probe the IPv4 addresses
    private int[] guardTest;
    private int[][] guardValues;
    // when every probed test has a guard on one test: that test, the values any of them allow, and
    // per value the tests it allows (in probe order): a packet reads the guard once and probes
    // only those (an IPv4 packet, the IPv4 addresses' tests; no guard checked test by test)
    private int allGuard = -1;
    private int[] allAllowed;
    private int[][] allowedProbes;

    /** Whether the last link's first condition is the {@link #allGuard} test. */
    private boolean lastGuarded;

    // A word whose probed tests are two or more prefix masks (a net list: six masks of each
    // address) is searched once instead of probed once per mask: its groups' ranges of values cut
    // the word's values into intervals, sorted by start (sign bit flipped, so that a signed
    // search orders them unsigned), each with the groups whose range covers it. In
    // allowedProbes, ~i stands for interval word i's tests.
    private int[] spanWord;
    private int[][] spanStarts;
    private int[][] spanFrom;
    private int[][] spanGroups;
    private int spanCount;

    /** Links in the chain. */
    int linkCount() {
      return links;
    }

    /** Words searched by interval rather than probed mask by mask. */
    int spanCount() {
      return spanCount;
    }

    /**
     * Where the chain goes and what A holds then, as {@code next << 32 | A}; or {@link
     * #OUT_OF_BOUNDS}. The caller has checked the packet region.
     */
    long run(Object p, int base, int caplen) {
      if (caplen < extent) {
        return runShort(p, base, caplen);
      }
      if (allGuard >= 0) { // every probed test has a guard on one word: one look at it first
        // (value() and pack() written out here: a fresh JVM interprets this for its first
        // thousands of packets, and pays for each call)
        int g = read(p, base, testWord[allGuard]) & mask[allGuard];
        int k = indexOf(allAllowed, allAllowed.length, g);
        // (none allowed: an IPv6 packet against an IPv4 list, no probe at all)
        int best = k < 0 ? Integer.MAX_VALUE : probe(p, base, allowedProbes[k], false);
        if (best == Integer.MAX_VALUE && lastGuarded && g != constant[condStart[links - 1]]) {
          return (long) otherwise << 32 | g & 0xffffffffL; // found(): the last link's guard fails
        }
        return found(p, base, best);
      }
      return found(p, base, probe(p, base, probed, true));
    }

    /**
     * The first link that holds among those that {@code tests} index (a test, or ~i: interval word
     * i's tests), with each test's guard checked first if {@code guarded} (else the caller chose
     * tests whose guards allow the packet).
     */
    private int probe(Object p, int base, int[] tests, boolean guarded) {
      int best = Integer.MAX_VALUE;
      int guard = -1; // the guard test read last, and its value
      int guardValue = 0;
      int word = -1; // the word read last (tests come grouped by word), and its value
      int raw = 0;
      for (int t : tests) {
        if (t < 0) { // every prefix test of one word at once: the interval its value is in
          int i = ~t;
          int[] starts = spanStarts[i];
          int v = read(p, base, spanWord[i]) ^ Integer.MIN_VALUE;
          int at = 0; // the last start at or below v (starts[0] is the least value)
          for (int hi = starts.length - 1; at < hi; ) {
            int mid = at + hi + 1 >>> 1;
            if (starts[mid] <= v) {
              at = mid;
            } else {
              hi = mid - 1;
            }
          }
          int[] groups = spanGroups[i];
          for (int c = spanFrom[i][at], end = spanFrom[i][at + 1]; c < end; c++) {
            best = first(keyFrom, keyLinks, groups[c], best, p, base, 0, HOLDS);
          }
          continue;
        }
        int[] allowed = guarded ? guardValues[t] : null;
        if (allowed != null) {
          if (guardTest[t] != guard) {
            guard = guardTest[t];
            guardValue = value(p, base, guard);
          }
          if (indexOf(allowed, allowed.length, guardValue) < 0) {
            continue; // no link indexed by t can hold
          }
        }
        if (testWord[t] != word) {
          word = testWord[t];
          raw = read(p, base, word);
        }
        int g = find(t, raw & mask[t]);
        if (g >= 0) {
          best = first(keyFrom, keyLinks, g, best, p, base, 0, HOLDS);
        }
      }
      return best;
    }

    /**
     * For a packet too short for some word: the first link that either matches or reaches a load
     * out of bounds (its conditions before that load all hold), as the chain would stop there.
     */
    private long runShort(Object p, int base, int caplen) {
      if (!inBounds(testWord[condTest[0]], caplen)) {
        return OUT_OF_BOUNDS; // the first link's first load: where the chain stops (a runt frame)
      }
      if (allGuard >= 0
          && inBounds(testWord[allGuard], caplen)
          && indexOf(allAllowed, allAllowed.length, value(p, base, allGuard)) < 0) {
        return found(p, base, Integer.MAX_VALUE); // every link's first condition fails
      }
      int best = Integer.MAX_VALUE;
      boolean outOfBounds = false;
      for (int t : probed) {
        if (!inBounds(testWord[t], caplen)) {
          continue; // (a link indexed by this test cannot match)
        }
        int g = find(t, value(p, base, t));
        if (g >= 0) {
          best = first(keyFrom, keyLinks, g, best, p, base, caplen, MATCHES);
        }
      }
      for (int t = 0; t < tests; t++) {
        if (firstWith[t] == Integer.MAX_VALUE) {
          continue;
        }
        if (!inBounds(testWord[t], caplen)) {
          if (firstWith[t] < best) { // a link whose first load is out of bounds: reached, it stops
            best = firstWith[t];
            outOfBounds = true;
          }
          continue;
        }
        int g = find(t, value(p, base, t));
        int j = g < 0 ? best : first(firstFrom, firstLinks, g, best, p, base, caplen, STOPS);
        if (j < best) {
          best = j;
          outOfBounds = true;
        }
      }
      return outOfBounds ? OUT_OF_BOUNDS : found(p, base, best);
    }

    /**
     * Where the chain goes when link {@code best} is the first that matches (MAX_VALUE: none), with
     * A: the value the matched link compared last, or else the value the last link's first failing
     * condition compared (in bounds: the last link stopped there).
     */
    private long found(Object p, int base, int best) {
      if (best != Integer.MAX_VALUE) {
        return pack(target[best], value(p, base, condTest[condStart[best + 1] - 1]));
      }
      int last = links - 1;
      for (int c = condStart[last]; c < condStart[last + 1]; c++) {
        int v = value(p, base, condTest[c]);
        if (v != constant[c]) {
          return pack(otherwise, v);
        }
      }
      throw new IllegalStateException("the last link holds but no link matched");
    }

    // what first() looks for: a link whose conditions hold (every word in bounds), or as reaches()
    // says: one that matches, or one that stops at a load out of bounds
    private static final int HOLDS = 2;
    private static final int MATCHES = 1;
    private static final int STOPS = -1;

    /**
     * The first link of group {@code g}'s list, below {@code best}, that is what {@code want} says;
     * else {@code best}.
     */
    private int first(
        int[] from, int[] list, int g, int best, Object p, int base, int caplen, int want) {
      for (int i = from[g], end = from[g + 1]; i < end; i++) {
        int j = list[i];
        if (j >= best) {
          break;
        }
        if (want == HOLDS ? holds(p, base, j) : reaches(p, base, caplen, j) == want) {
          return j;
        }
      }
      return best;
    }

    /** Whether every condition of link {@code j} holds (every word in bounds). */
    private boolean holds(Object p, int base, int j) {
      for (int c = condStart[j], end = condStart[j + 1]; c < end; c++) {
        if (value(p, base, condTest[c]) != constant[c]) {
          return false;
        }
      }
      return true;
    }

    /**
     * Link {@code j} run on its own: 1 if it matches, -1 if it reaches a load out of bounds, 0 if a
     * condition fails first. (A condition without a load of its own compares the word of the one
     * before it, in bounds by then, so checking each condition's word is checking each load.)
     */
    private int reaches(Object p, int base, int caplen, int j) {
      for (int c = condStart[j], end = condStart[j + 1]; c < end; c++) {
        int t = condTest[c];
        if (!inBounds(testWord[t], caplen)) {
          return -1;
        }
        if (value(p, base, t) != constant[c]) {
          return 0;
        }
      }
      return 1;
    }

    /**
     * Whether word {@code w} lies within {@code caplen} bytes (written out rather than calling
     * BpfSemantics: a fresh JVM interprets it, a short packet asks it per test).
     */
    private boolean inBounds(int w, int caplen) {
      return (offset[w] & 0xffffffffL) + width[w] <= caplen;
    }

    /** Test {@code t}'s word as its conditions compare it: loaded, and masked if they mask it. */
    private int value(Object p, int base, int t) {
      return read(p, base, testWord[t]) & mask[t];
    }

    /**
     * Word {@code w}, unmasked. An array's bytes are read here rather than through BpfSemantics's
     * readers (the same expressions): a fresh JVM interprets the first thousands of packets' calls,
     * and two calls a word were a tenth of a cold 60-{@code net} job's time.
     */
    private int read(Object p, int base, int w) {
      int at = base + offset[w];
      if (p instanceof byte[] b) {
        return switch (width[w]) {
          case 4 ->
              (b[at] & 0xff) << 24
                  | (b[at + 1] & 0xff) << 16
                  | (b[at + 2] & 0xff) << 8
                  | b[at + 3] & 0xff;
          case 2 -> (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
          default -> b[at] & 0xff;
        };
      }
      return switch (width[w]) {
        case 4 -> BpfSemantics.readInt(p, at);
        case 2 -> BpfSemantics.readShort(p, at);
        default -> BpfSemantics.readByte(p, at);
      };
    }

    /** The group of test {@code t} equal to {@code v}, or -1. */
    private int find(int t, int v) {
      long key = (long) t << 32 | v & 0xffffffffL;
      int last = (slots.length >> 1) - 1;
      for (int s = slot(key) & last; ; s = s + 1 & last) {
        long g = slots[2 * s + 1];
        if (g == 0) {
          return -1;
        }
        if (slots[2 * s] == key) {
          return (int) g - 1;
        }
      }
    }

    private static int slot(long key) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /** The index of {@code v} among {@code values[0 .. n)}, or -1. */
    private static int indexOf(int[] values, int n, int v) {
      for (int i = 0; i < n; i++) {
        if (values[i] == v) {
          return i;
        }
      }
      return -1;
    }

    private static long pack(int next, int a) {
      return (long) next << 32 | a & 0xffffffffL; // (no call: a fresh JVM interprets this)
    }

    // ---- the parse (fromLoad) ----

    /** The test of {@code word} under mask {@code m}, added if new; -1 past the caps. */
    int test(long word, int m) {
      int w = 0;
      while (w < wordCount && words[w] != word) {
        w++;
      }
      for (int t = 0; t < tests; t++) {
        if (testWord[t] == w && mask[t] == m) {
          return t;
        }
      }
      if (tests == MAX_TESTS || w == wordCount && wordCount == MAX_WORDS) {
        return -1;
      }
      if (w == wordCount) {
        if (wordCount == words.length) {
          words = Arrays.copyOf(words, 2 * wordCount);
        }
        words[wordCount++] = word;
      }
      if (tests == testWord.length) {
        testWord = Arrays.copyOf(testWord, 2 * tests);
        mask = Arrays.copyOf(mask, 2 * tests);
      }
      testWord[tests] = w;
      mask[tests] = m;
      return tests++;
    }

    void condition(int test, int k) {
      if (conditions == condTest.length) {
        condTest = Arrays.copyOf(condTest, 2 * conditions);
        constant = Arrays.copyOf(constant, 2 * conditions);
      }
      condTest[conditions] = test;
      constant[conditions++] = k;
    }

    void link(int to) {
      if (links == target.length) {
        target = Arrays.copyOf(target, 2 * links);
        condStart = Arrays.copyOf(condStart, 2 * links + 1);
      }
      target[links++] = to;
      condStart[links] = conditions;
    }

    /**
     * Ends the parse, {@code otherwise} where the chain goes when no link matches, and builds the
     * index: each link indexed by its condition that fewest conditions of the chain share (an
     * address rather than the ethertype), so that a packet's value finds few candidates; the first
     * of equals, so that links alike are indexed by the same test and a packet probes few. And each
     * by its first condition, for packets too short for some word.
     */
    OnWords finish(int otherwise) {
      this.otherwise = otherwise;
      width = new int[wordCount];
      offset = new int[wordCount];
      for (int w = 0; w < wordCount; w++) {
        width[w] = (int) (words[w] >>> 32);
        offset[w] = (int) words[w];
        extent = Math.max(extent, Integer.toUnsignedLong(offset[w]) + width[w]);
      }
      words = null;
      groupTestsByWord();
      int capacity = Integer.highestOneBit(Math.max(conditions, 4) * 2 - 1) << 1; // half full
      long[] slotKey = new long[capacity];
      int[] slotGroup = new int[capacity];
      long[] groupKey = new long[conditions];
      int[] groupOf = new int[conditions];
      int groups = 0;
      for (int c = 0; c < conditions; c++) {
        long key = (long) condTest[c] << 32 | constant[c] & 0xffffffffL;
        int s = slot(key) & capacity - 1;
        while (slotGroup[s] != 0 && slotKey[s] != key) {
          s = s + 1 & capacity - 1;
        }
        if (slotGroup[s] == 0) {
          slotKey[s] = key;
          groupKey[groups] = key;
          slotGroup[s] = ++groups;
        }
        groupOf[c] = slotGroup[s] - 1;
      }
      // the lookup's table: as big as the groups need (a 300-host list's 3,600 conditions are
      // 1,203 groups), each key beside its group
      int size = Integer.highestOneBit(Math.max(groups, 4) * 2 - 1) << 1;
      slots = new long[2 * size];
      for (int g = 0; g < groups; g++) {
        int s = slot(groupKey[g]) & size - 1;
        while (slots[2 * s + 1] != 0) {
          s = s + 1 & size - 1;
        }
        slots[2 * s] = groupKey[g];
        slots[2 * s + 1] = g + 1;
      }
      int[] sharing = new int[groups];
      for (int c = 0; c < conditions; c++) {
        sharing[groupOf[c]]++;
      }
      int[] key = new int[links]; // per link, the group it is indexed by, and its first's
      int[] first = new int[links];
      boolean[] keyed = new boolean[tests]; // per test, whether it indexes any link
      firstWith = new int[tests];
      Arrays.fill(firstWith, Integer.MAX_VALUE);
      guardTest = new int[tests];
      Arrays.fill(guardTest, NO_LINK);
      guardValues = new int[tests][];
      int[] guards = new int[tests];
      for (int j = 0; j < links; j++) {
        int f = condStart[j];
        int index = f;
        for (int c = f + 1; c < condStart[j + 1]; c++) {
          if (sharing[groupOf[c]] < sharing[groupOf[index]]) {
            index = c;
          }
        }
        key[j] = groupOf[index];
        first[j] = groupOf[f];
        int t = condTest[index];
        keyed[t] = true;
        firstWith[condTest[f]] = Math.min(firstWith[condTest[f]], j);
        // t's guard: the first condition of every link it indexes, on one test, few values
        if (guardTest[t] == NO_GUARD) {
          continue;
        } else if (f == index || guardTest[t] != NO_LINK && guardTest[t] != condTest[f]) {
          guardTest[t] = NO_GUARD; // indexed by its first condition, or guards differ
          continue;
        } else if (guardTest[t] == NO_LINK) {
          guardTest[t] = condTest[f];
          guardValues[t] = new int[MAX_GUARD_VALUES];
        }
        if (indexOf(guardValues[t], guards[t], constant[f]) < 0) {
          if (guards[t] == MAX_GUARD_VALUES) {
            guardTest[t] = NO_GUARD;
            continue;
          }
          guardValues[t][guards[t]++] = constant[f];
        }
      }
      for (int t = 0; t < tests; t++) {
        boolean guarded = guardTest[t] >= 0;
        guardValues[t] = guarded ? Arrays.copyOf(guardValues[t], guards[t]) : null;
        guardTest[t] = guarded ? guardTest[t] : -1;
      }
      int n = 0;
      int[] allowed = new int[0];
      for (int t = 0; t < tests && n >= 0; t++) {
        if (!keyed[t]) {
          continue;
        } else if (guardTest[t] < 0 || n > 0 && guardTest[t] != allGuard) {
          n = -1; // a probed test without a guard, or guards on different tests
          break;
        }
        allGuard = guardTest[t];
        n++;
        for (int v : guardValues[t]) {
          if (indexOf(allowed, allowed.length, v) < 0) {
            allowed = Arrays.copyOf(allowed, allowed.length + 1);
            allowed[allowed.length - 1] = v;
          }
        }
      }
      allGuard = n > 0 ? allGuard : -1;
      allAllowed = allowed;
      lastGuarded = allGuard >= 0 && condTest[condStart[links - 1]] == allGuard;
      n = 0;
      probed = new int[tests];
      for (int t = 0; t < tests; t++) {
        if (keyed[t]) {
          probed[n++] = t;
        }
      }
      probed = Arrays.copyOf(probed, n);
      keyFrom = new int[groups + 1];
      keyLinks = byGroup(key, keyFrom);
      firstFrom = new int[groups + 1];
      firstLinks = byGroup(first, firstFrom);
      if (allGuard >= 0) {
        allowedProbes = new int[allAllowed.length][];
        for (int k = 0; k < allAllowed.length; k++) {
          int[] list = new int[probed.length];
          int m = 0;
          for (int t : probed) {
            if (indexOf(guardValues[t], guardValues[t].length, allAllowed[k]) >= 0) {
              list[m++] = t;
            }
          }
          allowedProbes[k] = Arrays.copyOf(list, m);
        }
        spans(groupKey, groups);
      }
      return this;
    }

    /**
     * Finds the words whose probed tests are two or more prefix masks, builds their intervals, and
     * has {@link #allowedProbes} search each such word once where it probed its tests (which are
     * consecutive there: tests come grouped by word). Searching a word finds every group those
     * probes would, and perhaps groups of a test a guard value does not allow, whose links then
     * fail their guard condition: the same first link holds.
     */
    private void spans(long[] groupKey, int groups) {
      int[] spanOf = new int[tests]; // per test: ~(its interval word), or 0
      int spans = 0;
      for (int w = 0; w < width.length; w++) {
        int prefixes = 0;
        for (int t : probed) {
          prefixes += testWord[t] == w && prefix(t) ? 1 : 0;
        }
        if (prefixes < 2 || prefixes != count(w)) {
          continue; // one probe serves; or a mask that is not a prefix: probe them all
        }
        if (spans == 0) {
          spanWord = new int[width.length];
          spanStarts = new int[width.length][];
          spanFrom = new int[width.length][];
          spanGroups = new int[width.length][];
        }
        span(spans, w, groupKey, groups);
        for (int t : probed) {
          spanOf[t] = testWord[t] == w ? ~spans : spanOf[t];
        }
        spans++;
      }
      spanCount = spans;
      if (spans == 0) {
        return;
      }
      for (int k = 0; k < allowedProbes.length; k++) {
        int[] list = allowedProbes[k];
        int m = 0;
        for (int i = 0; i < list.length; i++) {
          int u = spanOf[list[i]] != 0 ? spanOf[list[i]] : list[i];
          if (m == 0 || u >= 0 || list[m - 1] != u) { // (a word's tests are consecutive)
            list[m++] = u;
          }
        }
        allowedProbes[k] = Arrays.copyOf(list, m);
      }
    }

    /** Probed tests on word {@code w}. */
    private int count(int w) {
      int n = 0;
      for (int t : probed) {
        n += testWord[t] == w ? 1 : 0;
      }
      return n;
    }

    /** Every bit word {@code w} can have set (its width's). */
    private int all(int w) {
      return width[w] == 4 ? -1 : (1 << 8 * width[w]) - 1;
    }

    /** Whether test {@code t}'s mask keeps the high bits of its word and clears the rest. */
    private boolean prefix(int t) {
      int all = all(testWord[t]);
      int low = ~mask[t] & all;
      return (mask[t] & all | low) == all && (low & low + 1) == 0;
    }

    /**
     * Interval word {@code i}: the ranges of word {@code w}'s groups that index links, cut into
     * intervals. Two ranges meet only when one holds the other (a shorter prefix's), so an interval
     * has at most one group per mask.
     */
    private void span(int i, int w, long[] groupKey, int groups) {
      int[] lo = new int[groups]; // per group of w that indexes links: its range, flipped
      int[] hi = new int[groups];
      int[] of = new int[groups];
      int n = 0;
      int[] starts = new int[2 * groups + 1];
      int m = 0;
      starts[m++] = Integer.MIN_VALUE; // the least value
      for (int g = 0; g < groups; g++) {
        int t = (int) (groupKey[g] >>> 32);
        int v = (int) groupKey[g];
        if (testWord[t] != w || keyFrom[g] == keyFrom[g + 1] || (v & ~mask[t]) != 0) {
          continue; // another word's, indexing no link, or never equal to a masked value
        }
        int last = v | ~mask[t] & all(w);
        lo[n] = v ^ Integer.MIN_VALUE;
        hi[n] = last ^ Integer.MIN_VALUE;
        of[n++] = g;
        starts[m++] = lo[n - 1];
        if (hi[n - 1] != Integer.MAX_VALUE) {
          starts[m++] = hi[n - 1] + 1;
        }
      }
      sort(starts, m);
      int distinct = 0;
      for (int j = 0; j < m; j++) {
        if (distinct == 0 || starts[distinct - 1] != starts[j]) {
          starts[distinct++] = starts[j];
        }
      }
      // each range is the intervals from the one starting at its low end to the one before its
      // high end + 1: count them per interval, then place each group in them (no scan of every
      // group for every interval, which a fresh JVM interprets)
      int[] first = new int[n];
      int[] end = new int[n];
      int[] from = new int[distinct + 1];
      for (int c = 0; c < n; c++) {
        first[c] = Arrays.binarySearch(starts, 0, distinct, lo[c]);
        end[c] =
            hi[c] == Integer.MAX_VALUE
                ? distinct
                : Arrays.binarySearch(starts, 0, distinct, hi[c] + 1);
        for (int j = first[c]; j < end[c]; j++) {
          from[j + 1]++;
        }
      }
      for (int j = 0; j < distinct; j++) {
        from[j + 1] += from[j];
      }
      int[] list = new int[from[distinct]];
      int[] fill = Arrays.copyOf(from, distinct);
      for (int c = 0; c < n; c++) {
        for (int j = first[c]; j < end[c]; j++) {
          list[fill[j]++] = of[c];
        }
      }
      spanWord[i] = w;
      spanStarts[i] = Arrays.copyOf(starts, distinct);
      spanFrom[i] = from;
      spanGroups[i] = list;
    }

    /**
     * Sorts {@code v[0 .. n)} (a shell sort): Arrays.sort would have a fresh JVM load the JDK's
     * sorting class from its modules first, which took longer than the sort (a 60-{@code net}
     * list's four interval words: 0.35 ms against 0.1 for the first sort).
     */
    private static void sort(int[] v, int n) {
      int gap = 1;
      while (gap < n / 3) {
        gap = 3 * gap + 1;
      }
      for (; gap > 0; gap /= 3) {
        for (int i = gap; i < n; i++) {
          int e = v[i];
          int j = i;
          for (; j >= gap && v[j - gap] > e; j -= gap) {
            v[j] = v[j - gap];
          }
          v[j] = e;
        }
      }
    }

    /**
     * Renumbers the tests so that those of one word are consecutive (in word order, then as they
     * came): a lookup reads each word once for all its masks (60 {@code net}s: six masks).
     */
    private void groupTestsByWord() {
      int[] renumbered = new int[tests];
      int[] words = new int[tests];
      int[] masks = new int[tests];
      int next = 0;
      for (int w = 0; w < wordCount; w++) {
        for (int t = 0; t < tests; t++) {
          if (testWord[t] == w) {
            renumbered[t] = next;
            words[next] = w;
            masks[next++] = mask[t];
          }
        }
      }
      testWord = words;
      mask = masks;
      for (int c = 0; c < conditions; c++) {
        condTest[c] = renumbered[condTest[c]];
      }
    }

    /** Links by their group {@code group[j]}: fills {@code from}, returns the lists, ascending. */
    private int[] byGroup(int[] group, int[] from) {
      int groups = from.length - 1;
      for (int j = 0; j < links; j++) {
        from[group[j] + 1]++;
      }
      for (int g = 0; g < groups; g++) {
        from[g + 1] += from[g];
      }
      int[] list = new int[links];
      int[] fill = Arrays.copyOf(from, groups);
      for (int j = 0; j < links; j++) {
        list[fill[group[j]]++] = j;
      }
      return list;
    }
  }

  /**
   * Finds the chains of {@code table} (FirstTier's: four ints per pc) and turns their first
   * instructions into lookups; null if it has none.
   */
  static CompareChains build(int[] table) {
    boolean[] linked = new boolean[table.length / 4];
    int[] shared = {table.length / 4}; // links chains may share in all (see fromLoad)
    List<OnWords> onWords = new ArrayList<>();
    for (int head = 0; head < table.length; head += 4) {
      if (WIDTH[table[head] & 0xff] != 0 && !linked[head / 4]) {
        OnWords chain = fromLoad(table, head, linked, shared);
        if (chain != null) {
          table[head] = FirstTier.LOOKUP_WORDS | table[head] & ~0xff;
          table[head + 2] = onWords.size();
          onWords.add(chain);
        }
      }
    }
    List<OnA> onA = new ArrayList<>();
    for (int head = 0; head < table.length; head += 4) {
      if (JEQ[table[head] & 0xff] && !linked[head / 4]) {
        OnA chain = fromCompare(table, head, linked, shared);
        if (chain != null) {
          table[head] = FirstTier.LOOKUP | table[head] & ~0xff;
          table[head + 2] = onA.size();
          onA.add(chain);
        }
      }
    }
    if (onA.isEmpty() && onWords.isEmpty()) {
      return null;
    }
    // (no chain on A: no OnA array, which would have a fresh JVM load that class)
    return new CompareChains(
        onA.isEmpty() ? null : onA.toArray(new OnA[0]), onWords.toArray(new OnWords[0]));
  }

  /**
   * Takes one of the links chains may share ({@code shared[0]} left): at most one per instruction
   * in all, so that a program whose chains all run into one long one does not copy it for each.
   */
  private static boolean take(int[] shared) {
    return shared[0] > 0 && shared[0]-- > 0;
  }

  /**
   * Words a chain loads at most, and tests (a word under one mask) it makes at most: a lookup
   * searches every test, where the chain may stop at its first link. tcpdump's lists load two to
   * five words (an unoptimised {@code net} list: the ethertype and four addresses under six masks,
   * 25 tests).
   */
  private static final int MAX_WORDS = 16;

  private static final int MAX_TESTS = 32;

  /**
   * Per operation, the width of an absolute load into A, else 0 (a table, not a method: the build
   * asks it of every instruction in a JVM that interprets the build once).
   */
  private static final int[] WIDTH = new int[64];

  /** Per operation, whether it is {@code jeq #k} (a counting tier's retest included). */
  private static final boolean[] JEQ = new boolean[64];

  static {
    JEQ[FirstTier.JEQ_K] = true;
    JEQ[FirstTier.JEQ_K_RETEST] = true;
    WIDTH[FirstTier.W_ABS] = 4;
    WIDTH[FirstTier.H_ABS] = 2;
    WIDTH[FirstTier.B_ABS] = 1;
  }

  /** Whether the instruction at table index {@code at} is {@code and #k}. */
  private static boolean maskedAt(int[] table, int at) {
    return (table[at] & 0xff) == FirstTier.ALU_K && table[at] >>> 8 == FirstTier.AND;
  }

  /** The table index a false edge leads to, past forward {@code ja}s. */
  private static int pastJumps(int[] table, int at) {
    while ((table[at] & 0xff) == FirstTier.JA && table[at + 2] > at) {
      at = table[at + 2];
    }
    return at;
  }

  /**
   * The chain from the load at {@code head}, or null if it is shorter than a lookup's minimum or
   * makes more tests than it has links. A link is one or more conditions — a load, perhaps an
   * {@code and #k}, and a {@code jeq #k}; or a {@code jeq #k} on the word A holds — each reached
   * from the last one's true edge and all with one false successor, where the next link starts:
   * tcpdump's unoptimised {@code host 10.0.0.1} is four links of two conditions, the ethertype and
   * an address ({@code ldh [12]; jeq #0x800}, {@code ld [26]; jeq #0xa000001}), and an {@code ether
   * host} one of two halves of an address.
   */
  private static OnWords fromLoad(int[] table, int head, boolean[] linked, int[] shared) {
    OnWords c = new OnWords();
    int at = head;
    int uniform = -1; // the test whose word A holds after the last link whatever failed, or -1
    while (true) {
      if (at != head && linked[at / 4] && (WIDTH[table[at] & 0xff] != 0 || !take(shared))) {
        break; // an earlier chain's reload, or the budget for shared links is spent
      }
      int conditions = c.conditions;
      int falseTo = -1;
      int aTest = uniform;
      boolean oneTest = true;
      int lastCompare = -1;
      int cur = at;
      while (true) {
        int op = table[cur] & 0xff;
        int width = WIDTH[op];
        int compare;
        long word = -1;
        int m = -1;
        if (width != 0) {
          compare = maskedAt(table, cur + 4) ? cur + 8 : cur + 4;
          if (!JEQ[table[compare] & 0xff]) {
            break;
          }
          word = (long) width << 32 | Integer.toUnsignedLong(table[cur + 1]);
          m = compare == cur + 8 ? table[cur + 5] : -1;
        } else if (JEQ[op] && aTest >= 0) {
          compare = cur;
        } else {
          break;
        }
        int f = pastJumps(table, table[compare + 3]);
        if (c.conditions > conditions && (f != falseTo || linked[cur / 4])) {
          break; // not a condition of this link: where its last condition's true edge goes
        }
        int test = word < 0 ? aTest : c.test(word, m);
        if (test < 0) {
          break; // too many words or tests: the link (or chain) ends before this condition
        }
        c.condition(test, table[compare + 1]);
        for (int i = cur; i <= compare; i += 4) {
          linked[i / 4] = true;
        }
        oneTest &= c.conditions == conditions + 1 || test == aTest;
        falseTo = f;
        aTest = test;
        lastCompare = compare;
        cur = pastJumps(table, table[compare + 2]);
      }
      if (lastCompare < 0) {
        break; // no link starts here
      }
      c.link(table[lastCompare + 2]);
      uniform = oneTest ? aTest : -1;
      at = falseTo;
    }
    if (c.links < FirstTier.MIN_LOOKUP_LINKS || c.tests > c.links) {
      return null;
    }
    return c.finish(at);
  }

  /** Values a test's guard may allow at most ({@code ip}, {@code arp}, {@code rarp}: three). */
  private static final int MAX_GUARD_VALUES = 4;

  // a test's guard while the build looks for one: no link indexed by the test yet, or none
  private static final int NO_LINK = -2;
  private static final int NO_GUARD = -1;

  /** The chain on A from the compare at {@code head}, or null if too short. */
  private static OnA fromCompare(int[] table, int head, boolean[] linked, int[] shared) {
    long[] packed = new long[16]; // per link: its constant (high half), its position (low half)
    int[] targets = new int[16];
    int links = 0;
    int at = head;
    while (JEQ[table[at] & 0xff] && (at == head || !linked[at / 4] || take(shared))) {
      if (links == packed.length) {
        packed = Arrays.copyOf(packed, 2 * links);
        targets = Arrays.copyOf(targets, 2 * links);
      }
      packed[links] = (long) table[at + 1] << 32 | links;
      targets[links] = table[at + 2];
      links++;
      linked[at / 4] = true;
      at = pastJumps(table, table[at + 3]);
    }
    if (links < FirstTier.MIN_LOOKUP_LINKS) {
      return null;
    }
    int[][] distinct = firstLinks(packed, links);
    int[] to = new int[distinct[1].length];
    for (int i = 0; i < to.length; i++) {
      to[i] = targets[distinct[1][i]];
    }
    return new OnA(distinct[0], to, at);
  }

  /**
   * The distinct constants of {@code packed[0, n)} (each a constant in the high half, its link in
   * the low half), sorted, and each one's first link: what a chain's first match goes by.
   */
  private static int[][] firstLinks(long[] packed, int n) {
    Arrays.sort(packed, 0, n); // by constant, then link: a constant's first link first
    int[] keys = new int[n];
    int[] links = new int[n];
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      int k = (int) (packed[i] >> 32);
      if (distinct == 0 || keys[distinct - 1] != k) {
        keys[distinct] = k;
        links[distinct] = (int) packed[i];
        distinct++;
      }
    }
    return new int[][] {Arrays.copyOf(keys, distinct), Arrays.copyOf(links, distinct)};
  }
}
