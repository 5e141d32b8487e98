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
 *   <li>{@link OnWords}, from a load: links that load a packet word and compare it (an unoptimised
 *       list reloads before each link, and alternates source and destination words), or compare the
 *       word loaded last. The first link that matches wins, as in the chain: per word, a binary
 *       search of its constants gives the first link comparing it with the word's value, and the
 *       earliest of those is the one. A packet too short for one of the words is walked link by
 *       link, loads and all, so that it stops where the chain would.
 *   <li>{@link OnA}, from a compare: links comparing A, unchanged, one constant after another.
 * </ul>
 *
 * <p>The chain's first instruction becomes the lookup; the other links stay as they are, for paths
 * that enter the chain part way. A chain ends where it runs into an earlier one (whose links then
 * run one by one): where a matched link's path (the rest of an address, say) rejoins the list, a
 * chain from there would repeat the rest of the list, for every link. A after a lookup is what the
 * chain leaves in it: the word whose link matched, or the word loaded last. Chains are found on the
 * table, so a threaded tier's chains are its threaded ones.
 */
final class CompareChains {
  private final OnA[] onA;
  private final OnWords[] onWords;

  private CompareChains(OnA[] onA, OnWords[] onWords) {
    this.onA = onA;
    this.onWords = onWords;
  }

  /** How many chains run as lookups. */
  int count() {
    return onA.length + onWords.length;
  }

  /** Where A goes from the chain on A that {@code LOOKUP}'s third int is {@code index} of. */
  int next(int index, int a) {
    OnA chain = onA[index];
    int at = Arrays.binarySearch(chain.keys(), a);
    return at >= 0 ? chain.targets()[at] : chain.otherwise();
  }

  /** {@link OnWords#run} of the chain {@code LOOKUP_WORDS}'s third int is {@code index} of. */
  long run(int index, Object p, int base, int caplen) {
    return onWords[index].run(p, base, caplen);
  }

  /** A chain on A: distinct constants in order, the table index each goes to, and the default. */
  record OnA(int[] keys, int[] targets, int otherwise) {}

  /** A chain over packet words (see the class comment). */
  static final class OnWords {
    /** {@link #run}'s result when a load of the chain is out of bounds: the program returns 0. */
    static final long OUT_OF_BOUNDS = -1;

    // per distinct word: its width, offset and mask, its constants sorted, each one's first link
    private final int[] width;
    private final int[] offset;
    private final int[] mask;
    private final int[][] keys;
    private final int[][] first;
    // per link, in chain order: its word, constant and target (a table index)
    private final int[] linkWord;
    private final int[] constant;
    private final int[] target;
    private final int otherwise;

    private OnWords(
        int[] width,
        int[] offset,
        int[] mask,
        int[][] keys,
        int[][] first,
        int[] linkWord,
        int[] constant,
        int[] target,
        int otherwise) {
      this.width = width;
      this.offset = offset;
      this.mask = mask;
      this.keys = keys;
      this.first = first;
      this.linkWord = linkWord;
      this.constant = constant;
      this.target = target;
      this.otherwise = otherwise;
    }

    /**
     * Where the chain goes and what A holds then, as {@code next << 32 | A}; or {@link
     * #OUT_OF_BOUNDS}. The caller has checked the packet region.
     */
    long run(Object p, int base, int caplen) {
      int words = width.length;
      for (int w = 0; w < words; w++) {
        if (!BpfSemantics.inBounds(Integer.toUnsignedLong(offset[w]), width[w], caplen)) {
          return walk(p, base, caplen);
        }
      }
      int best = Integer.MAX_VALUE;
      int bestValue = 0;
      int lastWord = linkWord[linkWord.length - 1];
      int lastValue = 0;
      for (int w = 0; w < words; w++) {
        int v = read(p, base, w);
        if (w == lastWord) {
          lastValue = v;
        }
        int at = Arrays.binarySearch(keys[w], v);
        if (at >= 0 && first[w][at] < best) {
          best = first[w][at];
          bestValue = v;
        }
      }
      return best != Integer.MAX_VALUE ? pack(target[best], bestValue) : pack(otherwise, lastValue);
    }

    /** Link by link, as written: for a packet too short for some word of the chain. */
    private long walk(Object p, int base, int caplen) {
      int v = 0;
      for (int j = 0; j < linkWord.length; j++) {
        int w = linkWord[j];
        if (!BpfSemantics.inBounds(Integer.toUnsignedLong(offset[w]), width[w], caplen)) {
          return OUT_OF_BOUNDS;
        }
        v = read(p, base, w);
        if (v == constant[j]) {
          return pack(target[j], v);
        }
      }
      return pack(otherwise, v);
    }

    /** Word {@code w} as its link compares it: loaded, and masked if the link masks it. */
    private int read(Object p, int base, int w) {
      int at = base + offset[w];
      int v =
          switch (width[w]) {
            case 4 -> BpfSemantics.readInt(p, at);
            case 2 -> BpfSemantics.readShort(p, at);
            default -> BpfSemantics.readByte(p, at);
          };
      return v & mask[w];
    }

    private static long pack(int next, int a) {
      return (long) next << 32 | Integer.toUnsignedLong(a);
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
      if (width(table[head] & 0xff) != 0 && !linked[head / 4]) {
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
      if ((table[head] & 0xff) == FirstTier.JEQ_K && !linked[head / 4]) {
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
    return new CompareChains(onA.toArray(new OnA[0]), onWords.toArray(new OnWords[0]));
  }

  /**
   * Takes one of the links chains may share ({@code shared[0]} left): at most one per instruction
   * in all, so that a program whose chains all run into one long one does not copy it for each.
   */
  private static boolean take(int[] shared) {
    return shared[0] > 0 && shared[0]-- > 0;
  }

  /**
   * Words a chain compares at most: a lookup reads and searches each of them, where the chain may
   * stop at its first link (tcpdump's lists compare two to four words).
   */
  private static final int MAX_WORDS = 8;

  /** The width of an absolute load into A (its operation), else 0. */
  private static int width(int operation) {
    if (operation == FirstTier.W_ABS) {
      return 4;
    } else if (operation == FirstTier.H_ABS) {
      return 2;
    }
    return operation == FirstTier.B_ABS ? 1 : 0;
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

  /** The chain from the load at {@code head}, or null if it is shorter than a lookup's minimum. */
  private static OnWords fromLoad(int[] table, int head, boolean[] linked, int[] shared) {
    // words (width << 32 | offset, and mask) in order of first use; per link: word, k, target
    long[] wordKeys = new long[4];
    int[] wordMasks = new int[4];
    int words = 0;
    int[] linkWord = new int[16];
    int[] constant = new int[16];
    int[] target = new int[16];
    int links = 0;
    int word = -1;
    int at = head;
    while (true) {
      int op = table[at] & 0xff;
      if (at != head && linked[at / 4] && (width(op) != 0 || !take(shared))) {
        break; // an earlier chain's reload, or the budget for shared links is spent
      }
      int width = width(op);
      int compare = width == 0 ? at : maskedAt(table, at + 4) ? at + 8 : at + 4;
      if (width != 0 && (table[compare] & 0xff) == FirstTier.JEQ_K) {
        long key = (long) width << 32 | Integer.toUnsignedLong(table[at + 1]);
        int m = compare == at + 8 ? table[at + 5] : -1;
        word = 0;
        while (word < words && (wordKeys[word] != key || wordMasks[word] != m)) {
          word++;
        }
        if (word == words) {
          if (words == MAX_WORDS) {
            break; // the chain ends before this load
          }
          if (words == wordKeys.length) {
            wordKeys = Arrays.copyOf(wordKeys, 2 * words);
            wordMasks = Arrays.copyOf(wordMasks, 2 * words);
          }
          wordKeys[words] = key;
          wordMasks[words++] = m;
        }
        for (int i = at; i < compare; i += 4) {
          linked[i / 4] = true;
        }
        at = compare;
      } else if (op != FirstTier.JEQ_K || word < 0) {
        break;
      }
      if (links == linkWord.length) {
        linkWord = Arrays.copyOf(linkWord, 2 * links);
        constant = Arrays.copyOf(constant, 2 * links);
        target = Arrays.copyOf(target, 2 * links);
      }
      linkWord[links] = word;
      constant[links] = table[at + 1];
      target[links] = table[at + 2];
      links++;
      linked[at / 4] = true;
      at = pastJumps(table, table[at + 3]);
    }
    if (links < FirstTier.MIN_LOOKUP_LINKS) {
      return null;
    }
    int[] width = new int[words];
    int[] offset = new int[words];
    int[][] keys = new int[words][];
    int[] masks = Arrays.copyOf(wordMasks, words);
    int[][] first = new int[words][];
    for (int w = 0; w < words; w++) {
      width[w] = (int) (wordKeys[w] >>> 32);
      offset[w] = (int) wordKeys[w];
      long[] packed = new long[links]; // constant (high half), link (low half)
      int n = 0;
      for (int j = 0; j < links; j++) {
        if (linkWord[j] == w) {
          packed[n++] = (long) constant[j] << 32 | j;
        }
      }
      int[][] distinct = firstLinks(packed, n);
      keys[w] = distinct[0];
      first[w] = distinct[1];
    }
    return new OnWords(
        width,
        offset,
        masks,
        keys,
        first,
        Arrays.copyOf(linkWord, links),
        Arrays.copyOf(constant, links),
        Arrays.copyOf(target, links),
        at);
  }

  /** The chain on A from the compare at {@code head}, or null if too short. */
  private static OnA fromCompare(int[] table, int head, boolean[] linked, int[] shared) {
    long[] packed = new long[16]; // per link: its constant (high half), its position (low half)
    int[] targets = new int[16];
    int links = 0;
    int at = head;
    while ((table[at] & 0xff) == FirstTier.JEQ_K
        && (at == head || !linked[at / 4] || take(shared))) {
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
