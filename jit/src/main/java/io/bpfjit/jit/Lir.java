package io.bpfjit.jit;

import io.bpfjit.Opcode;

/**
 * One step of a region method after lowering, typed: everything its emitter needs is in the record
 * (opcode, k, target pcs), so nothing after {@link Lowering} reads the program or the graph.
 * Control flow is decided here once: a jump knows the pc of the label emitted after it ({@code
 * next}, -1 at the end of the method), so whether it falls through and which labels it jumps to
 * ({@link #jumpsTo()}) are the same answers for the emitter and for the driver, which places a
 * stack map frame exactly at the labels something jumps to and after code that cannot fall through.
 */
sealed interface Lir {
  int[] NONE = {};

  /** The BPF pc this step belongs to. */
  int pc();

  /** The pcs whose labels this step jumps to (not counting falling through to the next). */
  default int[] jumpsTo() {
    return NONE;
  }

  /** Whether control can go on to the next step. */
  default boolean fallsThrough() {
    return true;
  }

  /** Binds pc's label (and its JVM line number). */
  record Label(int pc) implements Lir {}

  /** {@code if (caplen < caplen) return 0}: the grouped bounds check placed at pc. */
  record GuardLen(int pc, int caplen) implements Lir {}

  /** {@code if (X == 0) return 0} (before {@code div x} / {@code mod x}). */
  record GuardXNonZero(int pc) implements Lir {}

  /** {@code return 0}: a read no caplen can satisfy. */
  record Reject(int pc) implements Lir {
    @Override
    public boolean fallsThrough() {
      return false;
    }
  }

  /** A load, store or register move ({@link LoadEmitters}). */
  record Load(int pc, Opcode op, int k) implements Lir {}

  /** {@code A <- A op k} or {@code A op X} ({@link AluEmitters}). */
  record Alu(int pc, Opcode op, int k) implements Lir {}

  /** A conditional jump to pc {@code whenTrue} or {@code whenFalse} ({@link JumpEmitters}). */
  record Branch(int pc, Opcode op, int k, int whenTrue, int whenFalse, int next) implements Lir {
    @Override
    public int[] jumpsTo() {
      if (whenTrue == whenFalse) {
        return whenTrue == next ? NONE : new int[] {whenTrue};
      }
      if (whenFalse == next) {
        return new int[] {whenTrue};
      }
      if (whenTrue == next) {
        return new int[] {whenFalse};
      }
      return new int[] {whenTrue, whenFalse};
    }

    @Override
    public boolean fallsThrough() {
      return whenTrue == next || whenFalse == next;
    }
  }

  /** {@code ja}: to pc {@code target}; a backward one counts against the budget. */
  record Goto(int pc, int target, int next) implements Lir {
    boolean backward() {
      return target <= pc;
    }

    @Override
    public int[] jumpsTo() {
      return target == next ? NONE : new int[] {target};
    }

    @Override
    public boolean fallsThrough() {
      return target == next;
    }
  }

  /** {@code ret #k} or {@code ret a}. */
  record Return(int pc, Opcode op, int k) implements Lir {
    @Override
    public boolean fallsThrough() {
      return false;
    }
  }

  /** Continues at pc {@code target} in another method: falling off the end of a region. */
  record TailJump(int pc, int target) implements Lir {
    @Override
    public boolean fallsThrough() {
      return false;
    }
  }

  /**
   * The chain of {@code jeq #k} that starts at pc as one {@code lookupswitch} ({@link SwitchPlan}).
   */
  record Switch(int pc, SwitchPlan.Switch chain) implements Lir {
    @Override
    public int[] jumpsTo() {
      int[] targets = java.util.Arrays.copyOf(chain.targets(), chain.targets().length + 1);
      targets[targets.length - 1] = chain.defaultTarget();
      return targets;
    }

    @Override
    public boolean fallsThrough() {
      return false;
    }
  }
}
