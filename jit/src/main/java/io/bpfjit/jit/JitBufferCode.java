package io.bpfjit.jit;

import java.nio.ByteBuffer;

/**
 * What a filter's buffer class extends: the same program as {@link JitCode}, generated with {@link
 * PacketAccess#BUFFER} so that it reads a direct or read-only {@link ByteBuffer} in place. Made
 * only for filters that are given such buffers.
 */
abstract class JitBufferCode {
  /** The program's result over {@code packet[offset .. offset + caplen)}, absolute indices. */
  abstract int apply(ByteBuffer packet, int offset, int caplen, int wirelen);
}
