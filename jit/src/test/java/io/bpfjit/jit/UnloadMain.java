package io.bpfjit.jit;

import io.bpfjit.BpfProgram;
import io.bpfjit.RawInstruction;

/**
 * Run in a forked JVM with a small metaspace by {@link ClassUnloadingTest}: compiles and drops
 * {@code args[0]} distinct programs. Without class unloading this exhausts the metaspace.
 */
public final class UnloadMain {
  private UnloadMain() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    byte[] packet = new byte[64];
    long matched = 0;
    for (int i = 0; i < n; i++) {
      BpfProgram p =
          BpfProgram.of(
              new RawInstruction(0x00, 0, 0, i), // ld #i
              new RawInstruction(0x15, 0, 1, i), // jeq #i
              new RawInstruction(0x06, 0, 0, i | 1),
              new RawInstruction(0x06, 0, 0, 0));
      if (JitTesting.generated(p).apply(packet) == (i | 1)) {
        matched++;
      }
    }
    System.out.println("compiled " + n + " matched " + matched);
  }
}
