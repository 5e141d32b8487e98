package io.bpfjit.expr;

/**
 * Combining flow-graph fragments by their open exits, as libpcap's {@code backpatch}, {@code
 * merge}, {@code gen_and}, {@code gen_or} and {@code gen_not} do: the result of {@code and(b0, b1)}
 * and {@code or(b0, b1)} is {@code b1}, whose {@link Block#head} is then {@code b0}'s.
 */
final class Blocks {
  private Blocks() {}

  /** Points every open exit on {@code list} at {@code target}. */
  static void backpatch(Block list, Block target) {
    while (list != null) {
      Block next;
      if (!list.sense) {
        next = list.jt;
        list.jt = target;
      } else {
        next = list.jf;
        list.jf = target;
      }
      list = next;
    }
  }

  /** Appends the open-exit list {@code b1} to the end of {@code b0}'s. */
  static void merge(Block b0, Block b1) {
    Block p = b0;
    if (p == null) {
      return;
    }
    while (true) {
      Block next = !p.sense ? p.jt : p.jf;
      if (next == null) {
        if (!p.sense) {
          p.jt = b1;
        } else {
          p.jf = b1;
        }
        return;
      }
      p = next;
    }
  }

  static void and(Block b0, Block b1) {
    backpatch(b0, b1.head);
    b0.sense = !b0.sense;
    b1.sense = !b1.sense;
    merge(b1, b0);
    b1.sense = !b1.sense;
    b1.head = b0.head;
  }

  static void or(Block b0, Block b1) {
    b0.sense = !b0.sense;
    backpatch(b0, b1.head);
    b0.sense = !b0.sense;
    merge(b1, b0);
    b1.head = b0.head;
  }

  static void not(Block b) {
    b.sense = !b.sense;
  }
}
