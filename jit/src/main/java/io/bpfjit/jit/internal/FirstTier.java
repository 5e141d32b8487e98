package io.bpfjit.jit.internal;

import io.bpfjit.BpfSemantics;
import io.bpfjit.Opcode;
import io.bpfjit.PacketFilter;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import java.nio.ByteBuffer;
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
  private static final int JEQ_K_RETEST = 32;
  private static final int JGT_K_RETEST = 33;
  private static final int JGE_K_RETEST = 34;
  private static final int JSET_K_RETEST = 35;
  // A chain of jeq #k on an unchanged A, from its first link: one lookup ({@link CompareChains}).
  static final int LOOKUP = 36;
  // A chain of loads and jeq #k over packet words, from its first load ({@link CompareChains}).
  static final int LOOKUP_WORDS = 37;

  /**
   * Per pc, four ints from {@code 4 * pc}: operation (ALU ones carry the opcode's ordinal above bit
   * 8), k, and the table indices of the true and false successors (of the target, for ja).
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
    int n = program.size();
    table = new int[4 * n];
    retest = countRetests ? PacketWords.retests(program) : null;
    for (int pc = 0; pc < n; pc++) {
      RawInstruction insn = program.get(pc);
      Opcode op = program.opcode(pc);
      int operation = retest != null && retest[pc] ? counted(operation(op)) : operation(op);
      table[4 * pc] = operation | op.ordinal() << 8;
      table[4 * pc + 1] = insn.k();
      int[] next = successors != null ? successors[pc] : program.successors(pc);
      if (op == Opcode.JA) {
        table[4 * pc + 2] = 4 * next[0];
      } else if (op.isConditionalJump()) {
        table[4 * pc + 2] = 4 * next[0];
        table[4 * pc + 3] = 4 * next[1];
      }
    }
    usesScratch = program.scratchUsedMask() != 0;
    backwardJumpBudget = program.backwardJumpBudget();
    threaded = successors != null;
    chains = chainsAsLookups && mayChain(table) ? CompareChains.build(table) : null;
  }

  /** {@code counting}'s table with its compares plain again, and its chains as lookups. */
  private FirstTier(FirstTier counting) {
    table = counting.table.clone();
    for (int pc = 0; pc < counting.retest.length; pc++) {
      if (counting.retest[pc]) {
        int op = table[4 * pc];
        table[4 * pc] = plain(op & 0xff) | op & ~0xff;
      }
    }
    usesScratch = counting.usesScratch;
    backwardJumpBudget = counting.backwardJumpBudget;
    threaded = false;
    retest = null;
    chains = mayChain(table) ? CompareChains.build(table) : null;
  }

  /**
   * Chains of this many links or more run as one lookup ({@link CompareChains}). A {@code host}
   * list of 300 runs up to 600 compares (on which a packet that matches none spends most of its
   * steps).
   */
  public static final int MIN_LOOKUP_LINKS = 4;

  /**
   * Whether the table has compares enough for a chain: a short program does not load the class that
   * looks for them.
   */
  private static boolean mayChain(int[] table) {
    int compares = 0;
    for (int i = 0; i < table.length && compares < MIN_LOOKUP_LINKS; i += 4) {
      compares += (table[i] & 0xff) == JEQ_K ? 1 : 0;
    }
    return compares >= MIN_LOOKUP_LINKS;
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

  private static int operation(Opcode op) {
    return switch (op) {
      case LD_W_ABS -> W_ABS;
      case LD_H_ABS -> H_ABS;
      case LD_B_ABS -> B_ABS;
      case LD_W_IND -> W_IND;
      case LD_H_IND -> H_IND;
      case LD_B_IND -> B_IND;
      case LDX_MSH -> MSH;
      case LD_IMM -> IMM;
      case LDX_IMM -> X_IMM;
      case LD_LEN -> LEN;
      case LDX_LEN -> X_LEN;
      case LD_MEM -> MEM;
      case LDX_MEM -> X_MEM;
      case ST -> ST;
      case STX -> STX;
      case TAX -> TAX;
      case TXA -> TXA;
      case NEG -> NEG;
      case ADD_K, SUB_K, MUL_K, DIV_K, MOD_K, AND_K, OR_K, XOR_K, LSH_K, RSH_K -> ALU_K;
      case ADD_X, SUB_X, MUL_X, AND_X, OR_X, XOR_X, LSH_X, RSH_X -> ALU_X;
      case DIV_X, MOD_X -> DIVIDE_X;
      case JA -> JA;
      case JEQ_K -> JEQ_K;
      case JEQ_X -> JEQ_X;
      case JGT_K -> JGT_K;
      case JGT_X -> JGT_X;
      case JGE_K -> JGE_K;
      case JGE_X -> JGE_X;
      case JSET_K -> JSET_K;
      case JSET_X -> JSET_X;
      case RET_K -> RET_K;
      case RET_A -> RET_A;
    };
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
   * it skips saves the first tier a reload and a compare. Over the first 16 packets of
   * bench-mix.pcap, 60 unoptimised {@code net}s (186u) average 340 retests a packet and 300
   * unoptimised {@code host}s (184u) 1,797: threading took 186u's 20,480 packets from 77–89 to
   * 32–52 ms. 240 {@code ether host}s (189u) average 0 and 40 {@code ip6 host}s (187) 14.5, and
   * their packets ran no faster threaded (189u 56–84 ms against 75–82, 187 10–16 against 11–12).
   */
  static final int THREAD_MIN_RETESTS = 32;

  /**
   * How many packets the JIT runs on a {@link #counting} tier before deciding: each runs the
   * program as written, twice as many steps as threaded for 184u, in a JVM that still interprets
   * the first tier (deciding after 16 packets rather than at creation cost 184u's short job 5–10
   * ms).
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
    // a program too short to reload that often does not load the counting class
    return program.size() > THREAD_MIN_RELOADS
        && PacketWords.reloadsAtLeast(program, THREAD_MIN_RELOADS);
  }

  /**
   * The first tier as written, counting its retests ({@link #retests}): compares of a reloaded word
   * with a constant that an earlier pc compares it with the same way ({@link PacketWords#retests}),
   * the compares threading can decide. What the JIT runs a candidate's first packets on, to decide
   * whether to thread ({@link #repays}); then {@link #uncounted} or {@link #threaded}. It has no
   * lookups ({@link CompareChains}), which would skip retests and cost a build for four packets.
   */
  public static FirstTier counting(VerifiedProgram program) {
    return new FirstTier(program, null, true, false); // for a few packets: no lookups
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

  /** The program's result; the caller has checked the packet region. */
  public int run(byte[] p, int base, int caplen, int wirelen) {
    return loop(p, base, caplen, wirelen);
  }

  /**
   * The program's result over {@code p[base .. base + caplen)}, absolute indices, read in place;
   * the caller has checked that the region lies within the buffer's limit.
   */
  public int run(ByteBuffer p, int base, int caplen, int wirelen) {
    return loop(p, base, caplen, wirelen);
  }

  /** One loop for both kinds of packet: {@link BpfSemantics}'s reads tell them apart. */
  private int loop(Object p, int base, int caplen, int wirelen) {
    int[] t = table;
    CompareChains c = chains;
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
        case W_ABS -> {
          if (!BpfSemantics.inBounds(Integer.toUnsignedLong(k), 4, caplen)) {
            return 0;
          }
          a = BpfSemantics.readInt(p, base + k);
        }
        case H_ABS -> {
          if (!BpfSemantics.inBounds(Integer.toUnsignedLong(k), 2, caplen)) {
            return 0;
          }
          a = BpfSemantics.readShort(p, base + k);
        }
        case B_ABS -> {
          if (!BpfSemantics.inBounds(Integer.toUnsignedLong(k), 1, caplen)) {
            return 0;
          }
          a = BpfSemantics.readByte(p, base + k);
        }
        case W_IND -> {
          long off = BpfSemantics.indirectOffset(x, k);
          if (!BpfSemantics.inBounds(off, 4, caplen)) {
            return 0;
          }
          a = BpfSemantics.readInt(p, base + (int) off);
        }
        case H_IND -> {
          long off = BpfSemantics.indirectOffset(x, k);
          if (!BpfSemantics.inBounds(off, 2, caplen)) {
            return 0;
          }
          a = BpfSemantics.readShort(p, base + (int) off);
        }
        case B_IND -> {
          long off = BpfSemantics.indirectOffset(x, k);
          if (!BpfSemantics.inBounds(off, 1, caplen)) {
            return 0;
          }
          a = BpfSemantics.readByte(p, base + (int) off);
        }
        case MSH -> {
          if (!BpfSemantics.inBounds(Integer.toUnsignedLong(k), 1, caplen)) {
            return 0;
          }
          x = (BpfSemantics.readByte(p, base + k) & 0xf) << 2;
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
        case JGT_K -> next = t[Integer.compareUnsigned(a, k) > 0 ? i + 2 : i + 3];
        case JGT_X -> next = t[Integer.compareUnsigned(a, x) > 0 ? i + 2 : i + 3];
        case JGE_K -> next = t[Integer.compareUnsigned(a, k) >= 0 ? i + 2 : i + 3];
        case JGE_X -> next = t[Integer.compareUnsigned(a, x) >= 0 ? i + 2 : i + 3];
        case JSET_K -> next = t[(a & k) != 0 ? i + 2 : i + 3];
        case JSET_X -> next = t[(a & x) != 0 ? i + 2 : i + 3];
        case LOOKUP -> next = c.next(t[i + 2], a);
        case LOOKUP_WORDS -> {
          long found = c.run(t[i + 2], p, base, caplen);
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
          next = t[Integer.compareUnsigned(a, k) > 0 ? i + 2 : i + 3];
        }
        case JGE_K_RETEST -> {
          retests++;
          next = t[Integer.compareUnsigned(a, k) >= 0 ? i + 2 : i + 3];
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

  private static final Opcode[] OPS = Opcode.values();

  /** The ALU opcode with this ordinal applied to A and operand v (a non-zero divisor for X). */
  private static int alu(int ordinal, int a, int v) {
    return switch (OPS[ordinal]) {
      case ADD_K, ADD_X -> a + v;
      case SUB_K, SUB_X -> a - v;
      case MUL_K, MUL_X -> a * v;
      case DIV_K, DIV_X -> BpfSemantics.divide(a, v);
      case MOD_K, MOD_X -> BpfSemantics.remainder(a, v);
      case AND_K, AND_X -> a & v;
      case OR_K, OR_X -> a | v;
      case XOR_K, XOR_X -> a ^ v;
      case LSH_K -> BpfSemantics.shiftLeftByK(a, v);
      case RSH_K -> BpfSemantics.shiftRightByK(a, v);
      case LSH_X -> BpfSemantics.shiftLeftByX(a, v);
      case RSH_X -> BpfSemantics.shiftRightByX(a, v);
      default -> throw new AssertionError(OPS[ordinal]);
    };
  }
}
