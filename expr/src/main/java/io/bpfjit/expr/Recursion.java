package io.bpfjit.expr;

/**
 * How deep the graph walks may recurse before they fall back to their explicit-stack versions.
 * Recursion is several times faster on the small graphs most expressions make (the return stack
 * predicts what an explicit stack's state switch mispredicts: a post-order walk of 59 blocks takes
 * about 0.2 µs recursively, 0.7 µs with a stack), but an expression of thousands of alternatives
 * makes paths thousands of blocks long, which no thread's stack is sized for. A walk that goes
 * deeper than this gives up and is redone with a stack; a few hundred bytes a frame keeps it well
 * inside the smallest default thread stack.
 */
final class Recursion {
  static final int MAX_DEPTH = 500;

  private Recursion() {}
}
