package io.bpfjit.jit;

/**
 * The batch loops of one compiled program, in a hidden class of their own that holds a second copy
 * of the program's regions. {@link JitFilter} defines it on its first batch call: most filters are
 * only ever called per packet, and three more methods in every filter class cost a fifth of the
 * compile time. Loops run inside the generated class, so a caller that drives many filters from one
 * call site pays the megamorphic dispatch once per batch, not once per packet.
 */
abstract class JitBulk {
  /** The loop of {@link JitFilter#count(byte[][])}. */
  abstract int countArrays(byte[][] packets);

  /** The loop of {@link JitFilter#count(byte[], int[], int[], int[], int)}; arrays checked. */
  abstract int countBatch(byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n);

  /** The loop of {@link JitFilter#select}; arrays checked. */
  abstract int selectBatch(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n, int[] matches);
}
