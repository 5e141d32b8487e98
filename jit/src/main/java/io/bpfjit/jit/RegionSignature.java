package io.bpfjit.jit;

import io.bpfjit.VerifiedProgram;

/**
 * The region methods' calling convention, in one place: {@code static int r(byte[] p (or ByteBuffer
 * p), int off, int caplen, int wirelen, int entry, int A, int X, int M[w]... (used words only), int
 * count (programs with backward jumps)[, int[] state (trampolined programs)])}. Every region local
 * is a parameter, so a parameter's slot is also the register's local in every region.
 */
record RegionSignature(
    int[] scratchSlot, int scratchCount, boolean counter, boolean trampoline, PacketAccess access) {
  static final int P = 0;
  static final int OFF = 1;
  static final int CAPLEN = 2;
  static final int WIRELEN = 3;
  static final int ENTRY = 4;
  static final int A = 5;
  static final int X = 6;
  static final int FIRST_SCRATCH = 7;

  /**
   * The signature for {@code program}'s regions, with the trampoline's state array or not, reading
   * packets through {@code access}.
   */
  static RegionSignature of(VerifiedProgram program, boolean trampoline, PacketAccess access) {
    int mask = program.scratchUsedMask();
    int[] slots = new int[16];
    int count = 0;
    for (int w = 0; w < 16; w++) {
      slots[w] = (mask & (1 << w)) != 0 ? FIRST_SCRATCH + count++ : -1;
    }
    return new RegionSignature(slots, count, program.hasBackwardJumps(), trampoline, access);
  }

  /** Int arguments after the packet (off ... count), before any state array: the planner's cost. */
  static int argSlots(VerifiedProgram program) {
    return of(program, false, PacketAccess.ARRAY).intArgs();
  }

  int intArgs() {
    return 6 + scratchCount + (counter ? 1 : 0);
  }

  /** The local of scratch word {@code w}, or -1 when the program never uses it. */
  int scratch(int w) {
    return scratchSlot[w];
  }

  /** The local of the backward-jump count (programs with backward jumps). */
  int counterSlot() {
    return FIRST_SCRATCH + scratchCount;
  }

  /** The local of the trampoline's state array (trampolined programs). */
  int stateSlot() {
    return FIRST_SCRATCH + scratchCount + (counter ? 1 : 0);
  }

  /** Ints of the trampoline's saved state: pc, A, X, the used scratch words, the count. */
  int stateLength() {
    return 3 + scratchCount + (counter ? 1 : 0);
  }

  /** Parameter slots, the packet included: the region methods' max locals. */
  int parameterSlots() {
    return 1 + intArgs() + (trampoline ? 1 : 0);
  }

  String descriptor() {
    return "("
        + access.descriptor
        + "IIIIII"
        + "I".repeat(scratchCount + (counter ? 1 : 0))
        + (trampoline ? "[I" : "")
        + ")I";
  }
}
