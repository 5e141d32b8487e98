package io.bpfjit.jit;

/**
 * What a generated filter class extends: the program as JVM code. {@link JitFilter} calls it once
 * the tiering has decided it is worth running, after checking the packet region.
 */
abstract class JitCode {
  /** The program's result for a checked packet region. */
  abstract int apply(byte[] packet, int offset, int caplen, int wirelen);
}
