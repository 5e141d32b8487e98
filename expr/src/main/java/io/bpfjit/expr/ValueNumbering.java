package io.bpfjit.expr;

import java.util.Arrays;
import java.util.List;

/**
 * Value numbering over blocks (libpcap's {@code opt_blk}, {@code opt_stmt}, {@code opt_peep},
 * {@code opt_deadstores}): every computed value gets a number, equal expressions the same one;
 * constants are folded, redundant loads and stores deleted, statements strength-reduced, and
 * branches whose outcome is known made unconditional.
 */
final class ValueNumbering {
  static final int VAL_UNKNOWN = 0;

  private final Optimizer opt;

  // The value table: open addressing over (code, v0, v1), four ints a slot (code, v0, v1, value),
  // value 0 for an empty slot. slotOf[v] is where value v is, so a reset clears only those.
  private int[] table;
  private int[] slotOf;
  private int curval;
  private boolean[] isConst;
  private int[] constVal;

  /** The first atom that can have a value: {@link FlowGraph#firstAtom}. */
  private final int firstAtom;

  private final FlowGraph g;

  /** The atoms' value numbers in the block being numbered; stored in {@link FlowGraph#vals}. */
  private final int[] cur = new int[Atoms.N_ATOMS];

  ValueNumbering(Optimizer opt, FlowGraph g) {
    this.opt = opt;
    this.g = g;
    this.firstAtom = g.firstAtom;
    int statements = g.statements;
    // at most half full before it grows; most programs number far fewer values than statements
    int slots = Integer.highestOneBit(Math.max(16, statements)) * 2;
    table = new int[4 * slots];
    slotOf = new int[slots / 2 + 1];
    isConst = new boolean[slots / 2 + 1];
    constVal = new int[slots / 2 + 1];
  }

  /**
   * Whether a pass that does not alter statements met one a statement pass would alter otherwise
   * than by deleting it: a load or an operation on a known constant, an operation by 0. After a
   * branch pass that changed nothing, a statement pass numbers the same values unless it alters
   * such a statement, so without one all it does is delete the redundant loads and stores and empty
   * the useless blocks the branch pass noted, and redo the peephole and dead-store rewrites of the
   * blocks that lost a statement: {@link #firstStatementPass} does just that.
   */
  private boolean wouldAlter;

  boolean wouldAlter() {
    return wouldAlter;
  }

  /**
   * The loads and stores a non-altering pass found redundant (they store the value already there:
   * an altering pass deletes them, silently, as libpcap's {@code vstore} does), with their blocks.
   */
  private Stmt[] redundant = new Stmt[8];

  private Block[] redundantIn = new Block[8];
  private int redundantCount;

  /**
   * The blocks with statements a non-altering pass found useless (a return's, or statements that
   * leave A and X as they were and nothing after the block reads): an altering pass empties them.
   */
  private Block[] useless = new Block[8];

  private int uselessCount;

  /** The block being numbered. */
  private Block current;

  private void noteRedundant(Stmt s) {
    if (redundantCount == redundant.length) {
      redundant = Arrays.copyOf(redundant, 2 * redundantCount);
      redundantIn = Arrays.copyOf(redundantIn, 2 * redundantCount);
    }
    redundant[redundantCount] = s;
    redundantIn[redundantCount++] = current;
  }

  private void noteUseless(Block b) {
    if (uselessCount == useless.length) {
      useless = Arrays.copyOf(useless, 2 * uselessCount);
    }
    useless[uselessCount++] = b;
  }

  /**
   * The statement loop's first pass, after a branch pass that changed nothing and found nothing a
   * statement pass would alter ({@link #wouldAlter} false): the useless blocks are emptied, the
   * redundant loads and stores deleted, and the other blocks that held those get their peephole and
   * dead-store rewrites again (the only rewrites that can now differ: every value, and so every
   * other block's rewrite, is what the branch pass had). Changes are reported as that pass would
   * report them.
   *
   * <p>Returns whether the loop must go on to a full pass (with the levels and use sets of the
   * graph as it leaves, {@link FlowGraph#findLevels}, computed). Not when it is done; nor when
   * there was nothing redundant, only useless blocks emptied (a change, for libpcap's loop): after
   * a branch pass that changed nothing, a useless block's statements other than redundant ones are
   * deleted already (dead stores: nothing after the block reads what they define), so with none
   * redundant the next pass would meet the graph unchanged and change nothing. Nor when the
   * redundant loads and stores were deleted without any rewrite following and every block keeps the
   * atoms that were live out of it: deleting a statement that stores the value already there
   * changes no value, so the next pass would number the same values over the same statements and
   * find nothing redundant; a useless block, a dead store and the peephole rewrites all need an
   * atom not live out, so more live atoms (a block after this one lost the load of one) allow none
   * that this pass's and the branch pass's checks did not already reject. The next pass would
   * change nothing.
   */
  boolean firstStatementPass() {
    for (int i = 0; i < uselessCount; i++) {
      empty(useless[i]);
    }
    for (int i = 0; i < redundantCount; i++) {
      redundant[i].code = Stmt.NOP;
    }
    int[] vals = g.vals;
    int before = changes;
    for (int i = 0; i < redundantCount; i++) {
      Block b = redundantIn[i];
      // an emptied block gets no rewrites (the pass empties it instead)
      if ((i > 0 && redundantIn[i - 1] == b) || b.stmts.isEmpty()) {
        continue;
      }
      Arrays.fill(cur, 0, firstAtom, 0);
      for (int a = firstAtom; a < Atoms.N_ATOMS; a++) {
        cur[a] = vals[b.valBase + a];
      }
      peephole(b);
      deadStores(b);
    }
    if (opt.done || redundantCount == 0) {
      return false;
    }
    boolean rewrote = changes != before || opt.silentChange;
    return !g.findLevelsKeepingUses() || rewrote;
  }

  /** What a statement pass does to a useless block that has statements: it empties it. */
  private void empty(Block b) {
    b.stmts = new java.util.ArrayList<>();
    changed();
  }

  /** {@code alter && cond}; noting {@code cond} when not altering ({@link #wouldAlter}). */
  private boolean alters(boolean alter, boolean cond) {
    if (cond && !alter) {
      wouldAlter = true;
    }
    return alter && cond;
  }

  /** init_val: only the values numbered since the last reset are cleared. */
  void reset() {
    wouldAlter = false;
    Arrays.fill(redundant, 0, redundantCount, null);
    Arrays.fill(redundantIn, 0, redundantCount, null);
    redundantCount = 0;
    Arrays.fill(useless, 0, uselessCount, null);
    uselessCount = 0;
    for (int v = 1; v <= curval; v++) {
      table[slotOf[v] + 3] = 0;
      isConst[v] = false;
    }
    curval = 0;
  }

  boolean isConst(int val) {
    return val < isConst.length && isConst[val];
  }

  int constVal(int val) {
    return val < constVal.length ? constVal[val] : 0;
  }

  /** F: the value number of {@code code(v0, v1)}, a new one the first time. */
  int value(int code, int v0, int v1) {
    int[] t = table;
    int mask = (t.length >>> 2) - 1;
    int h = slot(code, v0, v1) & mask;
    while (true) {
      int at = h << 2;
      int v = t[at + 3];
      if (v == 0) {
        break;
      }
      if (t[at] == code && t[at + 1] == v0 && t[at + 2] == v1) {
        return v;
      }
      h = (h + 1) & mask;
    }
    int val = ++curval;
    if (val >= isConst.length) {
      isConst = Arrays.copyOf(isConst, val * 2);
      constVal = Arrays.copyOf(constVal, val * 2);
      slotOf = Arrays.copyOf(slotOf, val * 2);
    }
    if ((code & 0xe0) == Bpf.IMM && ((code & 0x07) == Bpf.LD || (code & 0x07) == Bpf.LDX)) {
      constVal[val] = v0;
      isConst[val] = true;
    }
    put(t, h << 2, code, v0, v1, val);
    if (2 * curval > mask) {
      grow();
    }
    return val;
  }

  private void put(int[] t, int at, int code, int v0, int v1, int val) {
    t[at] = code;
    t[at + 1] = v0;
    t[at + 2] = v1;
    t[at + 3] = val;
    slotOf[val] = at;
  }

  private static int slot(int code, int v0, int v1) {
    int h = code * 0x9E3779B1 ^ v0 * 0x85EBCA77 ^ v1 * 0xC2B2AE3D;
    return h ^ (h >>> 15);
  }

  private void grow() {
    int[] old = table;
    int[] t = new int[old.length * 2];
    int mask = (t.length >>> 2) - 1;
    for (int at = 0; at < old.length; at += 4) {
      if (old[at + 3] != 0) {
        int h = slot(old[at], old[at + 1], old[at + 2]) & mask;
        while (t[(h << 2) + 3] != 0) {
          h = (h + 1) & mask;
        }
        put(t, h << 2, old[at], old[at + 1], old[at + 2], old[at + 3]);
      }
    }
    table = t;
  }

  /** K: the value number of the constant {@code k}. */
  int constant(int k) {
    return value(Bpf.LD | Bpf.IMM | Bpf.W, k, 0);
  }

  /** How many rewrites ({@link #changed}) this optimisation has made. */
  private int changes;

  private void changed() {
    changes++;
    opt.nonBranchMovement = true;
    opt.done = false;
  }

  private void store(Stmt s, int[] val, int slot, int newval, boolean alter) {
    if (newval != VAL_UNKNOWN && val[slot] == newval) {
      if (alter) {
        s.code = Stmt.NOP;
      } else {
        noteRedundant(s);
      }
    } else {
      val[slot] = newval;
    }
  }

  private void fold(Stmt s, int v0, int v1) {
    int a = constVal(v0);
    int b = constVal(v1);
    switch (s.code & 0xf0) {
      case Bpf.ADD -> a += b;
      case Bpf.SUB -> a -= b;
      case Bpf.MUL -> a *= b;
      case Bpf.DIV -> {
        if (b == 0) {
          throw CodeGen.error("division by zero");
        }
        a = Integer.divideUnsigned(a, b);
      }
      case Bpf.MOD -> {
        if (b == 0) {
          throw CodeGen.error("modulus by zero");
        }
        a = Integer.remainderUnsigned(a, b);
      }
      case Bpf.AND -> a &= b;
      case Bpf.OR -> a |= b;
      case Bpf.XOR -> a ^= b;
      case Bpf.LSH -> a = Integer.compareUnsigned(b, 32) < 0 ? a << b : 0;
      case Bpf.RSH -> a = Integer.compareUnsigned(b, 32) < 0 ? a >>> b : 0;
      default -> throw new IllegalStateException("fold " + s.code);
    }
    s.k = a;
    s.code = Bpf.LD | Bpf.IMM;
    changed();
  }

  /** opt_stmt: the value of one statement, simplifying it when {@code alter}. */
  void statement(Stmt s, int[] val, boolean alter) {
    int code = s.code;
    int v;
    switch (code) {
      case Bpf.LD | Bpf.ABS | Bpf.W, Bpf.LD | Bpf.ABS | Bpf.H, Bpf.LD | Bpf.ABS | Bpf.B -> {
        v = value(code, s.k, 0);
        store(s, val, Atoms.A, v, alter);
      }
      case Bpf.LD | Bpf.IND | Bpf.W, Bpf.LD | Bpf.IND | Bpf.H, Bpf.LD | Bpf.IND | Bpf.B -> {
        v = val[Atoms.X];
        if (alters(alter, isConst(v))) {
          s.code = Bpf.LD | Bpf.ABS | (code & 0x18);
          s.k += constVal(v);
          v = value(s.code, s.k, 0);
          changed();
        } else {
          v = value(code, s.k, v);
        }
        store(s, val, Atoms.A, v, alter);
      }
      case Bpf.LD | Bpf.LEN -> store(s, val, Atoms.A, value(code, 0, 0), alter);
      case Bpf.LD | Bpf.IMM -> store(s, val, Atoms.A, constant(s.k), alter);
      case Bpf.LDX | Bpf.IMM -> store(s, val, Atoms.X, constant(s.k), alter);
      case Bpf.LDX | Bpf.MSH | Bpf.B -> store(s, val, Atoms.X, value(code, s.k, 0), alter);
      case Bpf.ALU | Bpf.NEG -> {
        if (alters(alter, isConst(val[Atoms.A]))) {
          s.code = Bpf.LD | Bpf.IMM;
          s.k = -constVal(val[Atoms.A]);
          val[Atoms.A] = constant(s.k);
        } else {
          val[Atoms.A] = value(code, val[Atoms.A], 0);
        }
      }
      case Bpf.ALU | Bpf.ADD | Bpf.K,
          Bpf.ALU | Bpf.SUB | Bpf.K,
          Bpf.ALU | Bpf.MUL | Bpf.K,
          Bpf.ALU | Bpf.DIV | Bpf.K,
          Bpf.ALU | Bpf.MOD | Bpf.K,
          Bpf.ALU | Bpf.AND | Bpf.K,
          Bpf.ALU | Bpf.OR | Bpf.K,
          Bpf.ALU | Bpf.XOR | Bpf.K,
          Bpf.ALU | Bpf.LSH | Bpf.K,
          Bpf.ALU | Bpf.RSH | Bpf.K ->
          aluK(s, val, alter);
      case Bpf.ALU | Bpf.ADD | Bpf.X,
          Bpf.ALU | Bpf.SUB | Bpf.X,
          Bpf.ALU | Bpf.MUL | Bpf.X,
          Bpf.ALU | Bpf.DIV | Bpf.X,
          Bpf.ALU | Bpf.MOD | Bpf.X,
          Bpf.ALU | Bpf.AND | Bpf.X,
          Bpf.ALU | Bpf.OR | Bpf.X,
          Bpf.ALU | Bpf.XOR | Bpf.X,
          Bpf.ALU | Bpf.LSH | Bpf.X,
          Bpf.ALU | Bpf.RSH | Bpf.X ->
          aluX(s, val, alter);
      case Bpf.MISC | Bpf.TXA -> store(s, val, Atoms.A, val[Atoms.X], alter);
      case Bpf.LD | Bpf.MEM -> {
        v = val[s.k];
        if (alters(alter, isConst(v))) {
          s.code = Bpf.LD | Bpf.IMM;
          s.k = constVal(v);
          changed();
        }
        store(s, val, Atoms.A, v, alter);
      }
      case Bpf.MISC | Bpf.TAX -> store(s, val, Atoms.X, val[Atoms.A], alter);
      case Bpf.LDX | Bpf.MEM -> {
        v = val[s.k];
        if (alters(alter, isConst(v))) {
          s.code = Bpf.LDX | Bpf.IMM;
          s.k = constVal(v);
          changed();
        }
        store(s, val, Atoms.X, v, alter);
      }
      case Bpf.ST -> store(s, val, s.k, val[Atoms.A], alter);
      case Bpf.STX -> store(s, val, s.k, val[Atoms.X], alter);
      default -> {}
    }
  }

  private void aluK(Stmt s, int[] val, boolean alter) {
    int op = s.code & 0xf0;
    if (alters(alter, s.k == 0 || isConst(val[Atoms.A]))) {
      if (s.k == 0) {
        if (op == Bpf.ADD || op == Bpf.LSH || op == Bpf.RSH || op == Bpf.OR || op == Bpf.XOR) {
          s.code = Stmt.NOP;
          return;
        }
        if (op == Bpf.MUL || op == Bpf.AND) {
          s.code = Bpf.LD | Bpf.IMM;
          val[Atoms.A] = constant(s.k);
          return;
        }
        if (op == Bpf.DIV) {
          throw CodeGen.error("division by zero");
        }
        if (op == Bpf.MOD) {
          throw CodeGen.error("modulus by zero");
        }
      }
      if (isConst(val[Atoms.A])) {
        fold(s, val[Atoms.A], constant(s.k));
        val[Atoms.A] = constant(s.k);
        return;
      }
    }
    val[Atoms.A] = value(s.code, val[Atoms.A], constant(s.k));
  }

  private void aluX(Stmt s, int[] val, boolean alter) {
    int op = s.code & 0xf0;
    if (alters(alter, isConst(val[Atoms.X]))) {
      if (isConst(val[Atoms.A])) {
        fold(s, val[Atoms.A], val[Atoms.X]);
        val[Atoms.A] = constant(s.k);
      } else {
        s.code = Bpf.ALU | Bpf.K | op;
        s.k = constVal(val[Atoms.X]);
        if ((op == Bpf.LSH || op == Bpf.RSH) && Integer.compareUnsigned(s.k, 31) > 0) {
          throw CodeGen.error("shift by more than 31 bits");
        }
        changed();
        val[Atoms.A] = value(s.code, val[Atoms.A], constant(s.k));
      }
      return;
    }
    if (alters(alter, isConst(val[Atoms.A]) && constVal(val[Atoms.A]) == 0)) {
      if (op == Bpf.ADD || op == Bpf.OR || op == Bpf.XOR) {
        s.code = Bpf.MISC | Bpf.TXA;
        store(s, val, Atoms.A, val[Atoms.X], alter);
        return;
      } else if (op == Bpf.MUL
          || op == Bpf.DIV
          || op == Bpf.MOD
          || op == Bpf.AND
          || op == Bpf.LSH
          || op == Bpf.RSH) {
        s.code = Bpf.LD | Bpf.IMM;
        s.k = 0;
        store(s, val, Atoms.A, constant(s.k), alter);
        return;
      } else if (op == Bpf.NEG) {
        s.code = Stmt.NOP;
        return;
      }
    }
    val[Atoms.A] = value(s.code, val[Atoms.A], val[Atoms.X]);
  }

  /** The index of the first statement at or after {@code i} that is not a NOP, or -1. */
  private static int thisOp(Block b, int i) {
    while (i < b.stmts.size() && b.stmts.get(i).code == Stmt.NOP) {
      i++;
    }
    return i < b.stmts.size() ? i : -1;
  }

  /** opt_peep: peephole rewrites within a block and of its branch. */
  void peephole(Block b) {
    if (b.stmts.isEmpty()) {
      return;
    }
    Stmt last = b.stmts.get(0);
    int si = 0;
    while (true) {
      si = thisOp(b, si);
      if (si < 0) {
        break;
      }
      Stmt s = b.stmts.get(si);
      int ni = thisOp(b, si + 1);
      if (ni < 0) {
        break;
      }
      Stmt next = b.stmts.get(ni);
      last = next;
      int nextIndex = ni;
      if (s.code == Bpf.ST && next.code == (Bpf.LDX | Bpf.MEM) && s.k == next.k) {
        changed();
        next.code = Bpf.MISC | Bpf.TAX;
      }
      if (s.code == (Bpf.LD | Bpf.IMM) && next.code == (Bpf.MISC | Bpf.TAX)) {
        s.code = Bpf.LDX | Bpf.IMM;
        next.code = Bpf.MISC | Bpf.TXA;
        changed();
      }
      if (s.code == (Bpf.LD | Bpf.IMM) && !Atoms.has(b.outUse, Atoms.X)) {
        int addIndex = next.code != (Bpf.LDX | Bpf.MSH | Bpf.B) ? ni : thisOp(b, ni + 1);
        Stmt add = addIndex < 0 ? null : b.stmts.get(addIndex);
        if (add != null && add.code == (Bpf.ALU | Bpf.ADD | Bpf.X)) {
          int taxIndex = thisOp(b, addIndex + 1);
          Stmt tax = taxIndex < 0 ? null : b.stmts.get(taxIndex);
          if (tax != null && tax.code == (Bpf.MISC | Bpf.TAX)) {
            int ildIndex = thisOp(b, taxIndex + 1);
            Stmt ild = ildIndex < 0 ? null : b.stmts.get(ildIndex);
            if (ild != null && (ild.code & 0x07) == Bpf.LD && (ild.code & 0xe0) == Bpf.IND) {
              ild.k += s.k;
              s.code = Stmt.NOP;
              add.code = Stmt.NOP;
              tax.code = Stmt.NOP;
              changed();
            }
          }
        }
      }
      si = nextIndex;
    }
    if (b.code == (Bpf.JMP | Bpf.JEQ | Bpf.K) && !Atoms.has(b.outUse, Atoms.A)) {
      if (last.code == (Bpf.ALU | Bpf.SUB | Bpf.X)) {
        int val = cur[Atoms.X];
        if (isConst(val)) {
          b.k += constVal(val);
          last.code = Stmt.NOP;
          changed();
        } else if (b.k == 0) {
          last.code = Stmt.NOP;
          b.code = Bpf.JMP | Bpf.JEQ | Bpf.X;
          changed();
        }
      } else if (last.code == (Bpf.ALU | Bpf.SUB | Bpf.K)) {
        last.code = Stmt.NOP;
        b.k += last.k;
        changed();
      } else if (last.code == (Bpf.ALU | Bpf.AND | Bpf.K) && b.k == 0) {
        b.k = last.k;
        b.code = Bpf.JMP | Bpf.K | Bpf.JSET;
        last.code = Stmt.NOP;
        changed();
        Block tmp = b.jt;
        b.jt = b.jf;
        b.jf = tmp;
      }
    }
    // The next three rewrites do not count as changes in libpcap (they do not make it iterate
    // again); they still change the graph, which the optimiser's analyses must know.
    if (b.code == (Bpf.JMP | Bpf.K | Bpf.JSET)) {
      if (b.k == 0 && b.jt != b.jf) {
        b.jt = b.jf;
        opt.silentChange = true;
      }
      if (b.k == 0xffffffff && b.jf != b.jt) {
        b.jf = b.jt;
        opt.silentChange = true;
      }
    }
    int val = cur[Atoms.X];
    if (isConst(val) && (b.code & 0x08) == Bpf.X) {
      b.code &= ~Bpf.X;
      b.k = constVal(val);
      opt.silentChange = true;
    }
    val = cur[Atoms.A];
    if (isConst(val) && (b.code & 0x08) == Bpf.K) {
      int v = constVal(val);
      boolean taken =
          switch (b.code & 0xf0) {
            case Bpf.JEQ -> v == b.k;
            case Bpf.JGT -> Integer.compareUnsigned(v, b.k) > 0;
            case Bpf.JGE -> Integer.compareUnsigned(v, b.k) >= 0;
            case Bpf.JSET -> (v & b.k) != 0;
            default -> throw new IllegalStateException("jump " + b.code);
          };
      if (b.jf != b.jt) {
        changed();
      }
      if (taken) {
        b.jf = b.jt;
      } else {
        b.jt = b.jf;
      }
    }
  }

  /** For each atom in {@link #pending}: the index of the statement that last defined it. */
  private final int[] last = new int[Atoms.N_ATOMS];

  /** The atoms defined and not used since, as a mask: a bit loop, not a loop over every atom. */
  private int pending;

  private void deadStatement(int code, int k, int index, List<Stmt> stmts) {
    int atom = Atoms.use(code, k);
    if (atom >= 0) {
      pending &=
          atom == Atoms.AX ? ~(Atoms.mask(Atoms.X) | Atoms.mask(Atoms.A)) : ~Atoms.mask(atom);
    }
    atom = Atoms.def(code, k);
    if (atom >= 0) {
      if (Atoms.has(pending, atom)) {
        changed();
        stmts.get(last[atom]).code = Stmt.NOP;
      }
      last[atom] = index;
      pending |= Atoms.mask(atom);
    }
  }

  /** opt_deadstores: definitions overwritten before any use, or not used after the block. */
  void deadStores(Block b) {
    pending = 0;
    List<Stmt> stmts = b.stmts;
    for (int i = 0, n = stmts.size(); i < n; i++) {
      Stmt s = stmts.get(i);
      deadStatement(s.code, s.k, i, stmts);
    }
    deadStatement(b.code, b.k, -1, stmts);
    for (int dead = pending & ~b.outUse; dead != 0; dead &= dead - 1) {
      stmts.get(last[Integer.numberOfTrailingZeros(dead)]).code = Stmt.NOP;
      changed();
    }
  }

  /** opt_blk: value-number one block from what its predecessors agree on. */
  void block(Block b, boolean doStmts) {
    current = b;
    int e = b.inEdge;
    int[] bv = cur;
    int[] vals = g.vals;
    int[] next = g.edgeNext;
    int first = firstAtom;
    if (e < 0) {
      Arrays.fill(bv, 0);
    } else {
      // A and X spelt out, the scratch words (when the program has any) in a loop: most programs
      // have none, and a counted loop costs more than two atoms' work (see FlowGraph.intersect)
      int base = g.pred(e).valBase;
      int a = vals[base + Atoms.A];
      int x = vals[base + Atoms.X];
      for (int i = first; i < Atoms.A; ++i) {
        bv[i] = vals[base + i];
      }
      while ((e = next[e]) >= 0) {
        base = g.pred(e).valBase;
        a = a == vals[base + Atoms.A] ? a : 0;
        x = x == vals[base + Atoms.X] ? x : 0;
        for (int i = first; i < Atoms.A; ++i) {
          int v = bv[i];
          bv[i] = v == vals[base + i] ? v : 0;
        }
      }
      bv[Atoms.A] = a;
      bv[Atoms.X] = x;
    }
    int aval = bv[Atoms.A];
    int xval = bv[Atoms.X];
    List<Stmt> stmts = b.stmts;
    for (int i = 0, n = stmts.size(); i < n; i++) {
      statement(stmts.get(i), bv, doStmts);
    }
    boolean uselessBlock =
        (b.outUse == 0
                && aval != VAL_UNKNOWN
                && bv[Atoms.A] == aval
                && xval != VAL_UNKNOWN
                && bv[Atoms.X] == xval)
            || (b.code & 0x07) == Bpf.RET;
    if (uselessBlock && !doStmts && !b.stmts.isEmpty()) {
      noteUseless(b);
    }
    if (doStmts && uselessBlock) {
      if (!b.stmts.isEmpty()) {
        empty(b);
      }
    } else {
      peephole(b);
      deadStores(b);
    }
    b.oval = (b.code & 0x08) == Bpf.K ? constant(b.k) : bv[Atoms.X];
    int base = b.valBase;
    vals[base + Atoms.A] = bv[Atoms.A];
    vals[base + Atoms.X] = bv[Atoms.X];
    for (int i = first; i < Atoms.A; i++) {
      vals[base + i] = bv[i];
    }
    g.edgeCode[b.id] = b.code;
    g.edgeCode[g.nBlocks + b.id] = -b.code;
    g.edgeA[b.id] = bv[Atoms.A];
    g.edgeA[g.nBlocks + b.id] = bv[Atoms.A];
  }
}
