package io.bpfjit.jit.internal;

import io.bpfjit.BpfSemantics;
import io.bpfjit.Opcode;
import io.bpfjit.PacketFilter;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The JIT's first tier: runs a program from a decoded table until its generated class is worth
 * running (see {@code io.bpfjit.jit.Tiering}). Not exported: the JIT uses it, and the tests and the
 * fuzzer run it alone. One loop serves every filter, so HotSpot compiles it once and a new filter
 * starts at compiled-loop speed, where its own class would start in the bytecode interpreter. Each
 * instruction is decoded once to three ints: a dense operation number (one {@code tableswitch}, no
 * enum indirection), its k and a packed pair of absolute jump targets, so a branch is a table read,
 * not pc arithmetic. Chains of compares with constants run as lookups ({@link CompareChains}), and
 * a program that retests what it already compared has its jumps threaded ({@link Threading}), once
 * its first packets show it pays. Semantics are the verifier's: the same helpers as the reference
 * interpreter, checked against it by the same vectors and by the fuzzer, and against {@link
 * #asWritten} (every instruction, one at a time) by the chain tests.
 */
public final class FirstTier implements PacketFilter {
  // Operations: one per opcode, numbered densely for the dispatch switch.
  static final int W_ABS = 0;
  static final int H_ABS = 1;
  static final int B_ABS = 2;
  private static final int W_IND = 3;
  private static final int H_IND = 4;
  private static final int B_IND = 5;
  private static final int MSH = 6;
  private static final int IMM = 7;
  private static final int X_IMM = 8;
  private static final int LEN = 9;
  private static final int X_LEN = 10;
  private static final int MEM = 11;
  private static final int X_MEM = 12;
  private static final int ST = 13;
  private static final int STX = 14;
  private static final int TAX = 15;
  private static final int TXA = 16;
  private static final int NEG = 17;
  static final int ALU_K = 18;
  private static final int ALU_X = 19;
  private static final int DIVIDE_X = 20;
  static final int JA = 21;
  static final int JEQ_K = 22;
  private static final int JEQ_X = 23;
  private static final int JGT_K = 24;
  private static final int JGT_X = 25;
  private static final int JGE_K = 26;
  private static final int JGE_X = 27;
  private static final int JSET_K = 28;
  private static final int JSET_X = 29;
  private static final int RET_K = 30;
  private static final int RET_A = 31;
  // Retests ({@link #counting}): the compares above, counted when they run.
  static final int JEQ_K_RETEST = 32;
  private static final int JGT_K_RETEST = 33;
  private static final int JGE_K_RETEST = 34;
  private static final int JSET_K_RETEST = 35;
  // A chain of jeq #k on an unchanged A, from its first link: one lookup ({@link CompareChains}).
  static final int LOOKUP = 36;
  // A chain of loads and jeq #k over packet words, from its first load ({@link CompareChains}).
  static final int LOOKUP_WORDS = 37;

  /**
   * Per pc, four ints from {@code 4 * pc}: operation (ALU ones carry their arithmetic, {@link #ADD}
   * to {@link #RSH_BY_X}, above bit 8), k, and the table indices of the true and false successors
   * (of the target, for ja).
   */
  private final int[] table;

  private final boolean usesScratch;
  private final int backwardJumpBudget;
  private final boolean threaded;

  /**
   * The tier's chains run as lookups, which a {@code LOOKUP*} operation's third int indexes; null
   * if none (then a fresh JVM does not load their classes).
   */
  private final CompareChains chains;

  /** Per pc, whether its compare is a retest; null unless this tier counts them. */
  private final boolean[] retest;

  /**
   * Retests run ({@link #counting} tiers only). Racy: threads that share the tier may lose each
   * other's increments, which only makes the count a little low.
   */
  private long retests;

  private FirstTier(
      VerifiedProgram program, int[][] successors, boolean countRetests, boolean chainsAsLookups) {
    table = decode(program, successors);
    int n = table.length / 4;
    retest = countRetests ? retests(table) : null;
    if (retest != null) {
      for (int pc = 0; pc < n; pc++) {
        if (retest[pc]) {
          table[4 * pc] = counted(table[4 * pc] & 0xff) | table[4 * pc] & ~0xff;
        }
      }
    }
    usesScratch = program.scratchUsedMask() != 0;
    backwardJumpBudget = program.backwardJumpBudget();
    threaded = successors != null;
    chains = chainsAsLookups && mayChain(table) ? CompareChains.build(table) : null;
  }

  /**
   * The program's table: per pc its operation, k and successors' table indices (its {@code
   * successors} where given, else the program's).
   */
  static int[] decode(VerifiedProgram program, int[][] successors) {
    // A fresh JVM interprets this once per filter: array reads rather than calls per pc.
    RawInstruction[] insns = program.instructions().toArray(new RawInstruction[0]);
    int n = insns.length;
    int[] table = new int[4 * n];
    for (int pc = 0; pc < n; pc++) {
      RawInstruction insn = insns[pc];
      int encoded = ENCODED[insn.code()]; // a verified program has only the 49 opcodes
      int operation = encoded & 0xff;
      table[4 * pc] = encoded;
      table[4 * pc + 1] = insn.k();
      if (successors != null) {
        int[] next = successors[pc];
        if (operation == JA) {
          table[4 * pc + 2] = 4 * next[0];
        } else if (operation >= JEQ_K && operation <= JSET_X) {
          table[4 * pc + 2] = 4 * next[0];
          table[4 * pc + 3] = 4 * next[1];
        }
      } else if (operation == JA) {
        table[4 * pc + 2] = 4 * (pc + 1 + insn.k()); // the verifier keeps it below n
      } else if (operation >= JEQ_K && operation <= JSET_X) {
        table[4 * pc + 2] = 4 * (pc + 1 + insn.jt());
        table[4 * pc + 3] = 4 * (pc + 1 + insn.jf());
      }
    }
    return table;
  }

  /**
   * Per opcode's 16-bit code (only the 49 occur): its operation, with an ALU opcode's arithmetic
   * above bit 8.
   */
  private static final int[] ENCODED = encodings();

  private static int[] encodings() {
    // Calls, not a switch on the enum, which would load a class of its own in every fresh JVM.
    int[] encoded = new int[0x100];
    Arrays.fill(encoded, -1);
    put(encoded, W_ABS, Opcode.LD_W_ABS);
    put(encoded, H_ABS, Opcode.LD_H_ABS);
    put(encoded, B_ABS, Opcode.LD_B_ABS);
    put(encoded, W_IND, Opcode.LD_W_IND);
    put(encoded, H_IND, Opcode.LD_H_IND);
    put(encoded, B_IND, Opcode.LD_B_IND);
    put(encoded, MSH, Opcode.LDX_MSH);
    put(encoded, IMM, Opcode.LD_IMM);
    put(encoded, X_IMM, Opcode.LDX_IMM);
    put(encoded, LEN, Opcode.LD_LEN);
    put(encoded, X_LEN, Opcode.LDX_LEN);
    put(encoded, MEM, Opcode.LD_MEM);
    put(encoded, X_MEM, Opcode.LDX_MEM);
    put(encoded, ST, Opcode.ST);
    put(encoded, STX, Opcode.STX);
    put(encoded, TAX, Opcode.TAX);
    put(encoded, TXA, Opcode.TXA);
    put(encoded, NEG, Opcode.NEG);
    putAlu(encoded, ADD, Opcode.ADD_K, Opcode.ADD_X);
    putAlu(encoded, SUB, Opcode.SUB_K, Opcode.SUB_X);
    putAlu(encoded, MUL, Opcode.MUL_K, Opcode.MUL_X);
    putAlu(encoded, DIV, Opcode.DIV_K, Opcode.DIV_X);
    putAlu(encoded, MOD, Opcode.MOD_K, Opcode.MOD_X);
    putAlu(encoded, AND, Opcode.AND_K, Opcode.AND_X);
    putAlu(encoded, OR, Opcode.OR_K, Opcode.OR_X);
    putAlu(encoded, XOR, Opcode.XOR_K, Opcode.XOR_X);
    putAlu(encoded, LSH_BY_K, Opcode.LSH_K);
    putAlu(encoded, RSH_BY_K, Opcode.RSH_K);
    putAlu(encoded, LSH_BY_X, Opcode.LSH_X);
    putAlu(encoded, RSH_BY_X, Opcode.RSH_X);
    put(encoded, JA, Opcode.JA);
    put(encoded, JEQ_K, Opcode.JEQ_K);
    put(encoded, JEQ_X, Opcode.JEQ_X);
    put(encoded, JGT_K, Opcode.JGT_K);
    put(encoded, JGT_X, Opcode.JGT_X);
    put(encoded, JGE_K, Opcode.JGE_K);
    put(encoded, JGE_X, Opcode.JGE_X);
    put(encoded, JSET_K, Opcode.JSET_K);
    put(encoded, JSET_X, Opcode.JSET_X);
    put(encoded, RET_K, Opcode.RET_K);
    put(encoded, RET_A, Opcode.RET_A);
    for (Opcode op : Opcode.values()) {
      if (encoded[op.code()] < 0) {
        throw new IllegalStateException("no operation for " + op);
      }
    }
    return encoded;
  }

  private static void put(int[] encoded, int operation, Opcode... ops) {
    for (Opcode op : ops) {
      set(encoded, op, operation);
    }
  }

  /** ALU opcodes: ALU_K, ALU_X or DIVIDE_X, with their arithmetic ({@code kind}) above bit 8. */
  private static void putAlu(int[] encoded, int kind, Opcode... ops) {
    for (Opcode op : ops) {
      int operation =
          !op.usesXOperand() ? ALU_K : op == Opcode.DIV_X || op == Opcode.MOD_X ? DIVIDE_X : ALU_X;
      set(encoded, op, operation | kind << 8);
    }
  }

  private static void set(int[] encoded, Opcode op, int entry) {
    if (encoded[op.code()] >= 0) {
      throw new IllegalStateException("two operations for " + op);
    }
    encoded[op.code()] = entry;
  }

  /**
   * Per pc of a decoded table, whether it is a retest: a compare of A with a constant ({@code jeq},
   * {@code jgt}, {@code jge}, {@code jset}) right after an absolute load, where an earlier pc
   * compares the same word with the same constant the same way, as an unoptimised program retests
   * the ethertype before every term. These are the compares threading can decide; whether they run
   * is up to the packets.
   */
  static boolean[] retests(int[] table) {
    int n = table.length / 4;
    boolean[] retest = new boolean[n];
    // An open-addressed map, not a HashMap: run once per filter in a fresh JVM, where boxing a key
    // per compare cost 2-8 ms (8,938 instructions). Key (load offset, constant); value a bit per
    // (load width, compare) seen with them, never 0 once stored.
    int capacity = Integer.highestOneBit(Math.max(n, 8) * 2 - 1) << 1;
    long[] keys = new long[capacity];
    int[] bits = new int[capacity];
    for (int pc = 1; pc < n; pc++) {
      int load = table[4 * (pc - 1)] & 0xff; // W_ABS, H_ABS, B_ABS: 0, 1, 2
      int compare = table[4 * pc] & 0xff;
      if (load > B_ABS
          || (compare != JEQ_K && compare != JGT_K && compare != JGE_K && compare != JSET_K)) {
        continue;
      }
      long key = (long) table[4 * (pc - 1) + 1] << 32 | (table[4 * pc + 1] & 0xffffffffL);
      int bit =
          1 << (4 * load + (compare - JEQ_K) / 2); // JEQ_K, JGT_K, JGE_K, JSET_K: 22-28 step 2
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & (capacity - 1);
      while (bits[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & (capacity - 1);
      }
      retest[pc] = (bits[slot] & bit) != 0;
      keys[slot] = key;
      bits[slot] |= bit;
    }
    return retest;
  }

  /** {@code counting}'s table with its compares plain again, and its chains as lookups. */
  private FirstTier(FirstTier counting) {
    table = counting.table.clone();
    for (int at = 0; at < table.length; at += 4) {
      int op = table[at] & 0xff; // a retest, unless a lookup now heads a chain there
      if (op >= JEQ_K_RETEST && op <= JSET_K_RETEST) {
        table[at] = plain(op) | table[at] & ~0xff;
      }
    }
    usesScratch = counting.usesScratch;
    backwardJumpBudget = counting.backwardJumpBudget;
    threaded = false;
    retest = null;
    chains = counting.chains; // the same lookups at the same table indices
  }

  /**
   * Chains of this many links or more run as one lookup ({@link CompareChains}). A {@code host}
   * list of 300 runs up to 600 compares (on which a packet that matches none spends most of its
   * steps).
   */
  public static final int MIN_LOOKUP_LINKS = 4;

  /**
   * Whether the table may hold a chain of {@value #MIN_LOOKUP_LINKS} links or more: a program
   * without one does not load the class that looks for them. An upper bound on what {@link
   * CompareChains#build} finds, in one pass over the table from its end: the links of a chain are
   * {@code jeq #k}s, each reached from the last one's false edge past forward {@code ja}s and at
   * most a load of A and an {@code and #k}.
   */
  static boolean mayChain(int[] table) {
    int[] links = new int[table.length / 4]; // per jeq, the longest run of links from it
    // (not CompareChains.isJeq: a program without chains does not load that class)
    for (int at = table.length - 4; at >= 0; at -= 4) {
      int op = table[at] & 0xff;
      if (op != JEQ_K && op != JEQ_K_RETEST) {
        continue;
      }
      int next = table[at + 3];
      while ((table[next] & 0xff) == JA && table[next + 2] > next) {
        next = table[next + 2];
      }
      if ((table[next] & 0xff) <= B_ABS) { // W_ABS, H_ABS, B_ABS
        next += 4;
        if ((table[next] & 0xff) == ALU_K) {
          next += 4;
        }
      }
      op = table[next] & 0xff;
      links[at / 4] = 1 + (op == JEQ_K || op == JEQ_K_RETEST ? links[next / 4] : 0);
      if (links[at / 4] >= MIN_LOOKUP_LINKS) {
        return true;
      }
    }
    return false;
  }

  /** The compares a counting tier counts, in the order of their operations from JEQ_K_RETEST. */
  private static final int[] COUNTED = {JEQ_K, JGT_K, JGE_K, JSET_K};

  /** A compare's operation that also counts itself (a counting tier's retests). */
  private static int counted(int operation) {
    for (int i = 0; i < COUNTED.length; i++) {
      if (COUNTED[i] == operation) {
        return JEQ_K_RETEST + i;
      }
    }
    throw new IllegalArgumentException("not a compare with k: " + operation);
  }

  /** The plain operation of a counted compare. */
  private static int plain(int counted) {
    return COUNTED[counted - JEQ_K_RETEST];
  }

  /**
   * Programs that load the same absolute packet word again this many times or more have their first
   * tier's jumps threaded. Threading costs a fresh JVM about 5 ms the first time (loading and
   * interpreting the analysis: `port 80`'s short job took 29–32 ms threaded, 22–27 ms not), which
   * only programs with many reloads repay: unoptimised ones (184u: 727 to 3,595 reloads, its short
   * job 290 → 147 ms), not optimised ones, which reload nothing.
   */
  static final int THREAD_MIN_RELOADS = 64;

  /**
   * Retests per packet, on average over a filter's first packets, from which threading the first
   * tier repays in a short job. Threading costs a fresh JVM 7–10 ms (187, 1,053 instructions, and
   * 189u, 2,338: creating the threaded tier 10.3–14.4 ms against 2.8–4.8 unthreaded), and a retest
   * it skips saves the first tier a reload and a compare. Only retests outside lookups count (the
   * counting tier runs its chains as lookups): before chains took links of several conditions, 60
   * unoptimised {@code net}s (186u) averaged 340 retests a packet over the first 16 packets of
   * bench-mix.pcap and 300 unoptimised {@code host}s (184u) 1,797, all of them the ethertype
   * retested inside the list, and threading took 186u's 20,480 packets from 77–89 to 32–52 ms; now
   * each list is one lookup, they count 0 and run unthreaded (short job, medians of 9 interleaved
   * fresh JVMs: 186u 68.9 → 55.1 ms, 184u 80.0 → 60.6). 60 unoptimised {@code port}s (188u), whose
   * ports are read through X, still count 163 and are threaded.
   */
  static final int THREAD_MIN_RETESTS = 32;

  /**
   * How many packets the JIT runs on a {@link #counting} tier before deciding: each runs the
   * program unthreaded, in a JVM that still interprets the first tier (when the counting tier had
   * no lookups, deciding after 16 packets rather than 4 cost 184u's short job 5–10 ms).
   */
  public static final int THREAD_DECISION_PACKETS = 4;

  /**
   * The first tier of a program; one that reloads words {@value #THREAD_MIN_RELOADS} times or more
   * has its jumps threaded ({@link Threading}) as the generated code's always are: a reload and
   * compare an earlier one decided is skipped here too. (The JIT decides later, from packets:
   * {@link #mayThread}, {@link #threadingRepays}.)
   */
  public static FirstTier of(VerifiedProgram program) {
    return mayThread(program) ? threaded(program) : unthreaded(program);
  }

  /**
   * Whether threading could repay at all: the program reloads words {@value #THREAD_MIN_RELOADS}
   * times or more (a count that stops there, without loading the analysis).
   */
  public static boolean mayThread(VerifiedProgram program) {
    return program.size() > THREAD_MIN_RELOADS && reloadsAtLeast(program, THREAD_MIN_RELOADS);
  }

  /**
   * Whether at least {@code min} absolute loads into A read a word an earlier pc also reads; stops
   * counting there (an unoptimised program gets there within its first few hundred pcs). Here, on
   * this class's operations, rather than beside the threading analysis's facts about words: a fresh
   * JVM would load one more class for every large program.
   */
  static boolean reloadsAtLeast(VerifiedProgram program, int min) {
    // Array reads and an open-addressed set, no boxing: a fresh JVM interprets this per filter.
    RawInstruction[] insns = program.instructions().toArray(new RawInstruction[0]);
    int capacity = Integer.highestOneBit(Math.max(insns.length, 8) * 2 - 1) << 1;
    long[] words = new long[capacity]; // width << 32 | offset; 0 for an empty slot (width >= 1)
    int reloads = 0;
    for (int pc = 0; pc < insns.length && reloads < min; pc++) {
      int op = ENCODED[insns[pc].code()] & 0xff;
      if (op > B_ABS) { // W_ABS, H_ABS, B_ABS: 0, 1, 2
        continue;
      }
      long word = (long) (4 >> op) << 32 | insns[pc].k() & 0xffffffffL;
      int slot = (int) ((word * 0x9E3779B97F4A7C15L) >>> 40) & (capacity - 1);
      while (words[slot] != 0 && words[slot] != word) {
        slot = (slot + 1) & (capacity - 1);
      }
      if (words[slot] == word) {
        reloads++;
      }
      words[slot] = word;
    }
    return reloads >= min;
  }

  /**
   * The first tier as written, counting its retests ({@link #retests}): compares of a reloaded word
   * with a constant that an earlier pc compares it with the same way ({@link #retests}), the
   * compares threading can decide. What the JIT runs a candidate's first packets on, to decide
   * whether to thread ({@link #repays}); then {@link #uncounted} (which keeps its lookups) or
   * {@link #threaded}. Its chains run as lookups ({@link CompareChains}), so it counts only the
   * retests they leave: those inside a chain (the ethertype before each address of an unoptimised
   * {@code host} list) cost a lookup nothing, and only the rest are worth threading.
   */
  public static FirstTier counting(VerifiedProgram program) {
    return new FirstTier(program, null, true, true);
  }

  /** Retests run so far (0 unless {@link #counting}). */
  public long retests() {
    return retests;
  }

  /** This tier without the counting (itself if it does not count). */
  public FirstTier uncounted() {
    return retest == null ? this : new FirstTier(this);
  }

  /**
   * Whether threading repays, given the retests {@code packets} packets ran: {@value
   * #THREAD_MIN_RETESTS} or more a packet on average.
   */
  public static boolean repays(long retests, int packets) {
    return packets > 0 && retests >= (long) THREAD_MIN_RETESTS * packets;
  }

  /** Whether threading repays over these packets ({@link #counting}, then {@link #repays}). */
  public static boolean threadingRepays(
      VerifiedProgram program, byte[][] packets, int[] wirelens, int n) {
    FirstTier probe = counting(program);
    for (int i = 0; i < n; i++) {
      probe.run(packets[i], 0, packets[i].length, wirelens[i]);
    }
    return repays(probe.retests, n);
  }

  /** The first tier with its jumps threaded whatever the program's size. */
  public static FirstTier threaded(VerifiedProgram program) {
    return new FirstTier(program, Threading.successors(program), false, true);
  }

  /** The first tier of the program as written, nothing threaded. */
  public static FirstTier unthreaded(VerifiedProgram program) {
    return new FirstTier(program, null, false, true);
  }

  /**
   * The first tier running every instruction as written, one at a time: no threading, no lookups (a
   * reference for tests).
   */
  public static FirstTier asWritten(VerifiedProgram program) {
    return new FirstTier(program, null, false, false);
  }

  /** How many chains of compares run as one lookup. */
  public int lookupCount() {
    return chains == null ? 0 : chains.count();
  }

  /** How many links its lookups over packet words stand for, in all. */
  public int lookupWordLinks() {
    return chains == null ? 0 : chains.wordLinks();
  }

  /** How many packet words its lookups search by interval (a word under nested prefix masks). */
  public int lookupSpans() {
    return chains == null ? 0 : chains.spans();
  }

  /** True when its jumps are threaded. */
  public boolean threaded() {
    return threaded;
  }

  @Override
  public int apply(byte[] packet, int offset, int caplen, int wirelen) {
    PacketFilter.checkRegion(packet, offset, caplen);
    return run(packet, offset, caplen, wirelen);
  }

  /** Reads any buffer in place (heap, direct, read-only; any byte order), copying nothing. */
  @Override
  public int apply(ByteBuffer packet, int wirelen) {
    int position = packet.position();
    return run(packet, position, packet.limit() - position, wirelen);
  }

  /** As {@link #apply(ByteBuffer, int)}, at absolute indices. */
  @Override
  public int apply(ByteBuffer packet, int offset, int caplen, int wirelen) {
    Objects.checkFromIndexSize(offset, caplen, packet.limit());
    return run(packet, offset, caplen, wirelen);
  }

  /**
   * The program's result over {@code p[base .. base + caplen)}: {@code p} a {@code byte[]} or a
   * {@link ByteBuffer} (absolute indices, read in place), whose region the caller has checked. One
   * method for both (an array read written out, a buffer's through {@link BpfSemantics}), and no
   * call in front of it: a fresh JVM interprets the first thousands of packets, paying for every
   * call.
   */
  public int run(Object p, int base, int caplen, int wirelen) {
    int[] t = table;
    CompareChains c = chains;
    byte[] b = p instanceof byte[] bytes ? bytes : null;
    int[] m = usesScratch ? new int[16] : null;
    int a = 0;
    int x = 0;
    int i = 0;
    int backward = 0;
    while (true) {
      int op = t[i];
      int k = t[i + 1];
      int next = i + 4;
      switch (op & 0xff) {
        // the loads in one case, a byte[] read written out (no call: a fresh JVM interprets the
        // first thousands of packets, paying for each; BpfSemantics reads a buffer, with the same
        // expressions); one case rather than six keeps this method small for C1, which compiles
        // it while the small methods of a lookup wait (186u: 4 ms at 1,438 bytes)
        case W_ABS, H_ABS, B_ABS, W_IND, H_IND, B_IND -> {
          int o = op & 0xff;
          int width = 4 >> o % 3; // W, H, B: 4, 2, 1
          long off = (k & 0xffffffffL) + (o >= W_IND ? x & 0xffffffffL : 0);
          if (off + width > caplen) {
            return 0;
          }
          int at = base + (int) off;
          if (b == null) {
            a =
                width == 4
                    ? BpfSemantics.readInt(p, at)
                    : width == 2 ? BpfSemantics.readShort(p, at) : BpfSemantics.readByte(p, at);
          } else if (width == 4) {
            a =
                (b[at] & 0xff) << 24
                    | (b[at + 1] & 0xff) << 16
                    | (b[at + 2] & 0xff) << 8
                    | b[at + 3] & 0xff;
          } else {
            a = width == 2 ? (b[at] & 0xff) << 8 | b[at + 1] & 0xff : b[at] & 0xff;
          }
        }
        case MSH -> {
          if ((k & 0xffffffffL) + 1 > caplen) {
            return 0;
          }
          x = ((b != null ? b[base + k] : BpfSemantics.readByte(p, base + k)) & 0xf) << 2;
        }
        case IMM -> a = k;
        case X_IMM -> x = k;
        case LEN -> a = wirelen;
        case X_LEN -> x = wirelen;
        case MEM -> a = m[k];
        case X_MEM -> x = m[k];
        case ST -> m[k] = a;
        case STX -> m[k] = x;
        case TAX -> x = a;
        case TXA -> a = x;
        case NEG -> a = -a;
        case ALU_K -> a = alu(op >>> 8, a, k);
        case ALU_X -> a = alu(op >>> 8, a, x);
        case DIVIDE_X -> {
          if (x == 0) {
            return 0;
          }
          a = alu(op >>> 8, a, x);
        }
        case JA -> {
          next = t[i + 2];
          if (next <= i && ++backward > backwardJumpBudget) {
            return 0;
          }
        }
        case JEQ_K -> next = t[a == k ? i + 2 : i + 3];
        case JEQ_X -> next = t[a == x ? i + 2 : i + 3];
        case JGT_K -> next = t[(a ^ Integer.MIN_VALUE) > (k ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        case JGT_X -> next = t[(a ^ Integer.MIN_VALUE) > (x ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        case JGE_K -> next = t[(a ^ Integer.MIN_VALUE) >= (k ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        case JGE_X -> next = t[(a ^ Integer.MIN_VALUE) >= (x ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        case JSET_K -> next = t[(a & k) != 0 ? i + 2 : i + 3];
        case JSET_X -> next = t[(a & x) != 0 ? i + 2 : i + 3];
        case LOOKUP -> next = c.next(t[i + 2], a);
        case LOOKUP_WORDS -> {
          long found = c.onWords[t[i + 2]].run(p, base, caplen);
          if (found == CompareChains.OnWords.OUT_OF_BOUNDS) {
            return 0;
          }
          a = (int) found;
          next = (int) (found >>> 32);
        }
        case JEQ_K_RETEST -> {
          retests++;
          next = t[a == k ? i + 2 : i + 3];
        }
        case JGT_K_RETEST -> {
          retests++;
          next = t[(a ^ Integer.MIN_VALUE) > (k ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        }
        case JGE_K_RETEST -> {
          retests++;
          next = t[(a ^ Integer.MIN_VALUE) >= (k ^ Integer.MIN_VALUE) ? i + 2 : i + 3];
        }
        case JSET_K_RETEST -> {
          retests++;
          next = t[(a & k) != 0 ? i + 2 : i + 3];
        }
        case RET_K -> {
          return k;
        }
        default -> {
          return a; // RET_A
        }
      }
      i = next;
    }
  }

  // The arithmetic of an ALU operation, above bit 8 of its table entry.
  private static final int ADD = 0;
  private static final int SUB = 1;
  private static final int MUL = 2;
  private static final int DIV = 3;
  private static final int MOD = 4;
  static final int AND = 5;
  private static final int OR = 6;
  private static final int XOR = 7;
  private static final int LSH_BY_K = 8;
  private static final int RSH_BY_K = 9;
  private static final int LSH_BY_X = 10;
  private static final int RSH_BY_X = 11;

  /** The arithmetic {@code kind} applied to A and operand v (a non-zero divisor for X). */
  private static int alu(int kind, int a, int v) {
    return switch (kind) {
      case ADD -> a + v;
      case SUB -> a - v;
      case MUL -> a * v;
      case DIV -> BpfSemantics.divide(a, v);
      case MOD -> BpfSemantics.remainder(a, v);
      case AND -> a & v;
      case OR -> a | v;
      case XOR -> a ^ v;
      case LSH_BY_K -> BpfSemantics.shiftLeftByK(a, v);
      case RSH_BY_K -> BpfSemantics.shiftRightByK(a, v);
      case LSH_BY_X -> BpfSemantics.shiftLeftByX(a, v);
      case RSH_BY_X -> BpfSemantics.shiftRightByX(a, v);
      default -> throw new IllegalStateException("no arithmetic " + kind);
    };
  }
}
