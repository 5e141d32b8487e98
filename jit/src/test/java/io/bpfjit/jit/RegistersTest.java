package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import io.bpfjit.jit.internal.Registers;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The read and write sets against execution: for every non-control opcode, random A, X, M[0],
 * packet and k, an opcode said not to write A (X, M[0]) leaves it unchanged, and what it writes is
 * the same whatever a register it is said not to read holds.
 */
class RegistersTest {
  private static final Random R = new Random(17);

  /** A, X or M[0] after {@code ld #a; ldx #x; st M[0] (of m); op}, per the observed register. */
  private static int after(Opcode op, int k, int a, int x, int m, byte[] packet, int observe) {
    int ret =
        switch (observe) {
          case Registers.A -> 0x16; // ret a
          case Registers.X -> 0x87; // txa then ret a (below)
          default -> 0x60; // ld M[0]
        };
    RawInstruction[] insns = {
      new RawInstruction(0x00, 0, 0, m), // ld #m
      new RawInstruction(0x02, 0, 0, 0), // st M[0]
      new RawInstruction(0x00, 0, 0, a), // ld #a
      new RawInstruction(0x01, 0, 0, x), // ldx #x
      new RawInstruction(op.code(), 0, 0, k),
      new RawInstruction(ret, 0, 0, 0),
      new RawInstruction(0x16, 0, 0, 0), // ret a
    };
    if (observe == Registers.A) {
      insns = java.util.Arrays.copyOf(insns, 6);
    }
    return FirstTier.of(Verifier.verify(BpfProgram.of(insns))).apply(packet);
  }

  /** Random k, A, X, M[0] and packet for {@code op}. */
  private record Inputs(int k, int a, int x, int m, byte[] packet) {
    static Inputs random(Opcode op) {
      int k = op.readsScratch() || op.writesScratch() ? 0 : 1 + R.nextInt(63);
      int a = R.nextInt();
      int x = 1 + R.nextInt(60); // non-zero (div x runs), and x + k + 4 stays in the packet
      int m = R.nextInt();
      byte[] packet = new byte[128];
      R.nextBytes(packet);
      return new Inputs(k, a, x, m, packet);
    }
  }

  private static boolean isData(Opcode op) {
    return !op.isReturn() && !op.isConditionalJump() && op != Opcode.JA;
  }

  @Test
  void writeSetsMatchExecution() {
    int checked = 0;
    for (Opcode op : Opcode.values()) {
      if (!isData(op)) {
        continue;
      }
      int writes = Registers.writes(op);
      for (int trial = 0; trial < 50; trial++) {
        Inputs in = Inputs.random(op);
        int k = in.k();
        int a = in.a();
        int x = in.x();
        int m = in.m();
        byte[] packet = in.packet();
        for (int reg : new int[] {Registers.A, Registers.X, Registers.M}) {
          if ((writes & reg) == 0) {
            int before = reg == Registers.A ? a : reg == Registers.X ? x : m;
            assertEquals(before, after(op, k, a, x, m, packet, reg), op + " changed " + reg);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  @Test
  void readSetsMatchExecution() {
    int checked = 0;
    for (Opcode op : Opcode.values()) {
      if (!isData(op)) {
        continue;
      }
      int reads = Registers.reads(op);
      for (int trial = 0; trial < 50; trial++) {
        Inputs in = Inputs.random(op);
        int k = in.k();
        int a = in.a();
        int x = in.x();
        int m = in.m();
        byte[] packet = in.packet();
        for (int observe : new int[] {Registers.A, Registers.X, Registers.M}) {
          if ((Registers.writes(op) & observe) == 0) {
            continue; // what passes through unchanged shows every input; only outputs tell
          }
          int base = after(op, k, a, x, m, packet, observe);
          if ((reads & Registers.A) == 0) {
            assertEquals(base, after(op, k, ~a, x, m, packet, observe), op + " read A");
          }
          if ((reads & Registers.X) == 0) {
            assertEquals(base, after(op, k, a, x + 1, m, packet, observe), op + " read X");
          }
          if ((reads & Registers.M) == 0 && observe != Registers.M) {
            assertEquals(base, after(op, k, a, x, ~m, packet, observe), op + " read M");
          }
          checked++;
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }
}
