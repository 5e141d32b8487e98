package io.bpfjit.jit.internal;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import java.util.Arrays;

/**
 * Stage 1b: jump threading, a side table of new successors indexed by pc. Along every edge it knows
 * which absolute packet words all paths there have loaded, what the compares on them decided
 * ({@code P[k:n] == c}, {@code != c}) and whether A holds one of them; where an edge leads into a
 * reload of such a word and a compare that knowledge decides (unoptimised tcpdump programs retest
 * the ethertype before every host), the edge goes straight to where the compare would have gone.
 *
 * <p>It never changes a verdict: a skipped load was made, in bounds, on every path to the edge (so
 * it would succeed again and read the same bytes), and a redirect that skips a load into A lands
 * only where A is dead (every path from there writes A before reading it), or where A is what the
 * edge already held. Programs with backward jumps are left alone. Both tiers run the threaded
 * graph: the generated code through {@code ControlFlow}, the {@link FirstTier} through its table.
 * Checked by every conformance suite (against libpcap's results), the fuzzer (against the
 * interpreter, which runs the program as written) and by {@code ThreadingTest}.
 */
public final class Threading {
  /** How far a redirect may look ahead, in instructions. */
  private static final int MAX_WALK = 64;

  /**
   * Known values of one word; the not-equal set is capped (its use is the small ethertype sets).
   */
  private static final int MAX_NE = 16;

  /** Words a fact set keeps at most (beyond that, one is forgotten for each new one). */
  private static final int MAX_WORDS = 32;

  // Per 16-bit opcode code (a verified program has only the 49): what Code asks of each pc.
  private static final Opcode[] OPCODES = new Opcode[0x100];
  private static final boolean[] CONDITIONAL = new boolean[0x100];
  private static final int[] READS = new int[0x100];
  private static final int[] WRITES = new int[0x100];

  static {
    for (Opcode op : Opcode.values()) {
      int code = op.code();
      OPCODES[code] = op;
      CONDITIONAL[code] = op.isConditionalJump();
      READS[code] = Registers.reads(op);
      WRITES[code] = Registers.writes(op);
    }
  }

  private Threading() {}

  /**
   * What is known of a loaded word: its value, or values it is not (empty: only that it loaded).
   */
  private record Known(boolean hasEq, int eq, int[] ne) {
    static final Known LOADED = new Known(false, 0, new int[0]);

    boolean excludes(int c) {
      if (hasEq) {
        return eq != c;
      }
      for (int v : ne) {
        if (v == c) {
          return true;
        }
      }
      return false;
    }

    Known withEq(int c) {
      return new Known(true, c, new int[0]);
    }

    Known withNe(int c) {
      if (hasEq || excludes(c) || ne.length >= MAX_NE) {
        return this;
      }
      int[] more = Arrays.copyOf(ne, ne.length + 1);
      more[ne.length] = c;
      return new Known(false, 0, more);
    }

    /** What holds on both sides of a join. */
    Known meet(Known o) {
      if (hasEq && o.hasEq) {
        return eq == o.eq ? this : LOADED;
      }
      Known withSet = hasEq ? o : this;
      Known other = hasEq ? this : o;
      int[] keep = new int[withSet.ne.length];
      int n = 0;
      for (int c : withSet.ne) {
        if (other.excludes(c)) {
          keep[n++] = c;
        }
      }
      return n == 0 ? LOADED : new Known(false, 0, Arrays.copyOf(keep, n));
    }
  }

  /**
   * What holds at a program point: the words loaded on every path there (a few, in small arrays
   * searched linearly), what is known of each, and the word A holds.
   */
  private static final class Facts {
    /** The word A holds ({@link #word}), or -1. */
    long a;

    long[] words;
    Known[] known;
    int size;

    Facts(long a, long[] words, Known[] known, int size) {
      this.a = a;
      this.words = words;
      this.known = known;
      this.size = size;
    }

    static Facts empty() {
      return new Facts(-1, new long[4], new Known[4], 0);
    }

    Facts copy() {
      return new Facts(a, words.clone(), known.clone(), size);
    }

    /** What is known of word {@code w}, or null if some path here has not loaded it. */
    Known get(long w) {
      for (int i = 0; i < size; i++) {
        if (words[i] == w) {
          return known[i];
        }
      }
      return null;
    }

    void put(long w, Known k) {
      for (int i = 0; i < size; i++) {
        if (words[i] == w) {
          known[i] = k;
          return;
        }
      }
      if (size == MAX_WORDS) { // forget the oldest
        System.arraycopy(words, 1, words, 0, size - 1);
        System.arraycopy(known, 1, known, 0, size - 1);
        size--;
      }
      if (size == words.length) {
        words = Arrays.copyOf(words, 2 * size);
        known = Arrays.copyOf(known, 2 * size);
      }
      words[size] = w;
      known[size] = k;
      size++;
    }

    /** What holds at a join of {@code x} (null: nothing joined yet) and {@code y} (taken over). */
    static Facts meet(Facts x, Facts y) {
      if (x == null) {
        return y;
      }
      int n = 0;
      for (int i = 0; i < x.size; i++) {
        Known other = y.get(x.words[i]);
        if (other != null) {
          x.words[n] = x.words[i];
          x.known[n] = x.known[i].meet(other);
          n++;
        }
      }
      for (int i = n; i < x.size; i++) {
        x.known[i] = null;
      }
      x.size = n;
      if (x.a != y.a) {
        x.a = -1;
      }
      return x;
    }

    void loaded(long w) {
      a = w;
      if (get(w) == null) {
        put(w, Known.LOADED);
      }
    }
  }

  /**
   * New successors for every pc (the program's own where nothing is threaded), or null for a
   * program with backward jumps.
   */
  public static int[][] successors(VerifiedProgram program) {
    int n = program.size();
    if (program.hasBackwardJumps()) {
      return null;
    }
    Code code = new Code(program);
    int[][] succ = new int[n][];
    for (int pc = 0; pc < n; pc++) {
      succ[pc] = code.successors(pc);
    }
    boolean[] deadA = deadA(code, succ);
    Facts[] in = new Facts[n];
    in[0] = Facts.empty();
    for (int pc = 0; pc < n; pc++) {
      Facts f = in[pc];
      if (f == null) {
        continue; // unreachable, now or since a redirect
      }
      in[pc] = null; // done with: the facts flow on
      Facts out = f;
      step(out, code, pc);
      if (!code.conditional(pc)) {
        int[] next = succ[pc];
        for (int i = 0; i < next.length; i++) {
          in[next[i]] = Facts.meet(in[next[i]], i == next.length - 1 ? out : out.copy());
        }
        continue;
      }
      int infeasible = -1;
      for (int edge = 0; edge < 2; edge++) {
        Facts e = edge == 0 ? out.copy() : out;
        if (!constrain(e, code, pc, edge == 0)) {
          infeasible = edge; // no packet takes it: its target keeps what other edges bring
          continue;
        }
        Walk w = walk(code, succ[pc][edge], e, deadA);
        succ[pc][edge] = w.target;
        in[w.target] = Facts.meet(in[w.target], w.facts);
      }
      if (infeasible >= 0) { // the compare is decided: both edges go where packets go
        succ[pc][infeasible] = succ[pc][1 - infeasible];
      }
    }
    return succ;
  }

  /**
   * The program as per-pc arrays, decoded once: the passes below visit a pc many times (every walk
   * through it), and a fresh JVM interprets them, where each question put to the program, its
   * instruction or its opcode is a call or three (186u's threaded first tier under -Xint: 13.7 ms
   * asking the program, 10.7 ms with these).
   */
  private static final class Code {
    final Opcode[] op;

    /** The word an absolute load into A reads ({@link PacketWords#word}), else -1. */
    final long[] word;

    final int[] k;

    /** A conditional jump's true and false targets (absolute pcs), else 0. */
    final int[] jt;

    final int[] jf;

    /** The registers each pc reads and writes ({@link Registers}). */
    final int[] reads;

    final int[] writes;

    Code(VerifiedProgram program) {
      RawInstruction[] insns = program.instructions().toArray(new RawInstruction[0]);
      int n = insns.length;
      op = new Opcode[n];
      word = new long[n];
      k = new int[n];
      jt = new int[n];
      jf = new int[n];
      reads = new int[n];
      writes = new int[n];
      for (int pc = 0; pc < n; pc++) {
        RawInstruction insn = insns[pc];
        int code = insn.code();
        int kk = insn.k();
        op[pc] = OPCODES[code];
        k[pc] = kk;
        int width = PacketWords.LOAD_WIDTH[code];
        word[pc] = width != 0 ? PacketWords.word(width, kk) : -1;
        if (CONDITIONAL[code]) {
          jt[pc] = pc + 1 + insn.jt();
          jf[pc] = pc + 1 + insn.jf();
        }
        reads[pc] = READS[code];
        writes[pc] = WRITES[code];
      }
    }

    boolean conditional(int pc) {
      return jt[pc] != 0;
    }

    /** The program's own successors of {@code pc}. */
    int[] successors(int pc) {
      if (conditional(pc)) {
        return new int[] {jt[pc], jf[pc]};
      } else if (op[pc] == Opcode.JA) {
        return new int[] {pc + 1 + k[pc]};
      } else if (op[pc] == Opcode.RET_K || op[pc] == Opcode.RET_A) {
        return new int[0];
      }
      return new int[] {pc + 1};
    }
  }

  /** Where an edge ends up, and what holds there. */
  private record Walk(int target, Facts facts) {}

  /**
   * From {@code start} with {@code f}, follows reloads of known words and the compares the facts
   * decide; the furthest point where stopping keeps A right.
   */
  private static Walk walk(Code code, int start, Facts f, boolean[] deadA) {
    Facts sim = f; // copied before the first change
    long heldA = f.a;
    int stop = start;
    Facts stopFacts = f;
    boolean skippedLoad = false;
    int cur = start;
    for (int steps = 0; steps < MAX_WALK; steps++) {
      long word = code.word[cur];
      if (word >= 0 && sim.get(word) != null) {
        if (sim == f) {
          sim = f.copy();
        }
        sim.a = word;
        skippedLoad = true;
        cur++;
        continue;
      }
      Boolean taken = decide(sim, code, cur);
      if (taken == null) {
        break;
      }
      cur = taken ? code.jt[cur] : code.jf[cur]; // decided: a conditional jump
      if (!skippedLoad || deadA[cur] || sim.a == heldA) {
        stop = cur;
        stopFacts = sim.copy();
        stopFacts.a = skippedLoad && sim.a != heldA ? -1 : heldA;
      }
    }
    return new Walk(stop, stopFacts);
  }

  /** The effect of a non-jump on the facts. */
  private static void step(Facts f, Code code, int pc) {
    if (code.word[pc] >= 0) {
      f.loaded(code.word[pc]);
    } else if ((code.writes[pc] & Registers.A) != 0) {
      f.a = -1;
    }
  }

  /** Adds what taking one edge of a compare says; false when no packet can take it. */
  private static boolean constrain(Facts f, Code code, int pc, boolean whenTrue) {
    if (f.a < 0) {
      return true;
    }
    Boolean decided = decide(f, code, pc);
    if (decided != null && decided != whenTrue) {
      return false;
    }
    if (code.op[pc] == Opcode.JEQ_K) {
      Known k = f.get(f.a);
      f.put(f.a, whenTrue ? k.withEq(code.k[pc]) : k.withNe(code.k[pc]));
    }
    return true;
  }

  /**
   * The outcome of a compare with a constant on what A holds, if the facts decide it; else null.
   */
  private static Boolean decide(Facts f, Code code, int pc) {
    if (f.a < 0) {
      return null;
    }
    Known k = f.get(f.a);
    if (k == null) {
      return null;
    }
    Opcode op = code.op[pc];
    int c = code.k[pc];
    if (k.hasEq()) {
      int v = k.eq();
      // ifs, not a switch on the enum: no switch-map class to load in a fresh JVM
      if (op == Opcode.JEQ_K) {
        return v == c;
      } else if (op == Opcode.JGT_K) {
        return Integer.compareUnsigned(v, c) > 0;
      } else if (op == Opcode.JGE_K) {
        return Integer.compareUnsigned(v, c) >= 0;
      } else if (op == Opcode.JSET_K) {
        return (v & c) != 0;
      }
      return null;
    }
    return op == Opcode.JEQ_K && k.excludes(c) ? Boolean.FALSE : null;
  }

  /**
   * Per pc: every path from there writes A before reading it (or returns a constant), over the
   * program's own successors {@code succ} (read, not changed).
   */
  private static boolean[] deadA(Code code, int[][] succ) {
    int n = succ.length;
    boolean[] live = new boolean[n];
    for (int pc = n - 1; pc >= 0; pc--) {
      boolean out = false;
      for (int s : succ[pc]) {
        out |= live[s];
      }
      live[pc] =
          (code.reads[pc] & Registers.A) != 0 || (out && (code.writes[pc] & Registers.A) == 0);
    }
    boolean[] dead = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      dead[pc] = !live[pc];
    }
    return dead;
  }
}
