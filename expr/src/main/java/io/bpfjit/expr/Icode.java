package io.bpfjit.expr;

/**
 * A flow graph being compiled (libpcap's {@code struct icode}): its root and the mark that
 * traversals use to visit each block once ({@link #unMarkAll} starts a new traversal).
 */
final class Icode {
  Block root;
  private int curMark;

  Icode(Block root) {
    this.root = root;
  }

  void unMarkAll() {
    curMark++;
  }

  boolean isMarked(Block b) {
    return b.mark == curMark;
  }

  void mark(Block b) {
    b.mark = curMark;
  }
}
