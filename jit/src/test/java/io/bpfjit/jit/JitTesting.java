package io.bpfjit.jit;

/** Shared settings of the JIT tests. */
final class JitTesting {
  /** A method budget that splits nearly every program into several methods. */
  static final int TINY_BUDGET = 40;

  private JitTesting() {}
}
