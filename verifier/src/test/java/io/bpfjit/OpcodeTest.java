package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpcodeTest {
  /** The list in docs/semantics.md section 2, copied as text. */
  private static final String CANONICAL =
      "00 01 02 03 04 05 06 07 0c 14 15 16 1c 1d 20 24 25 28 2c 2d 30 34 35 3c 3d 40 44 45 48 4c"
          + " 4d 50 54 5c 60 61 64 6c 74 7c 80 81 84 87 94 9c a4 ac b1";

  @Test
  void exactlyTheCanonical49() {
    TreeSet<Integer> expected = new TreeSet<>();
    for (String h : CANONICAL.split(" ")) {
      expected.add(Integer.parseInt(h, 16));
    }
    TreeSet<Integer> actual = new TreeSet<>();
    Arrays.stream(Opcode.values()).forEach(o -> actual.add(o.code()));
    assertEquals(49, expected.size());
    assertEquals(expected, actual);
    for (int code = 0; code <= 0xffff; code++) {
      if (!expected.contains(code)) {
        assertNull(Opcode.of(code), "code " + code);
      } else {
        assertEquals(code, Opcode.of(code).code());
      }
    }
  }

  /** The predicates (read from the flags the verifier reads as a field) name exactly these. */
  @Test
  void predicatesNameExactlyTheirOpcodes() {
    EnumSet<Opcode> jumps =
        EnumSet.of(
            Opcode.JEQ_K,
            Opcode.JEQ_X,
            Opcode.JGT_K,
            Opcode.JGT_X,
            Opcode.JGE_K,
            Opcode.JGE_X,
            Opcode.JSET_K,
            Opcode.JSET_X);
    for (Opcode op : Opcode.values()) {
      String name = op.name();
      assertEquals(op == Opcode.LD_MEM || op == Opcode.LDX_MEM, op.readsScratch(), name);
      assertEquals(op == Opcode.ST || op == Opcode.STX, op.writesScratch(), name);
      assertEquals(jumps.contains(op), op.isConditionalJump(), name);
      assertEquals(op == Opcode.RET_K || op == Opcode.RET_A, op.isReturn(), name);
    }
    assertEquals(Opcode.READS_SCRATCH, Opcode.LD_MEM.flags);
    assertEquals(Opcode.CONDITIONAL_JUMP, Opcode.JSET_X.flags);
    assertEquals(0, Opcode.JA.flags);
  }

  @Test
  void widthsOfPacketReads() {
    assertEquals(4, Opcode.LD_W_ABS.width());
    assertEquals(2, Opcode.LD_H_IND.width());
    assertEquals(1, Opcode.LDX_MSH.width());
    assertEquals(0, Opcode.LD_MEM.width());
  }
}
