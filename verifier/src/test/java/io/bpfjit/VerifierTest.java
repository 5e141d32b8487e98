package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.InvalidProgramException.Reason;
import io.bpfjit.testing.TestVector;
import io.bpfjit.testing.Vectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class VerifierTest {

  private static InvalidProgramException reject(VerifierOptions o, int[]... insns) {
    return assertThrows(
        InvalidProgramException.class, () -> Verifier.verify(BpfProgram.of(insns), o));
  }

  private static InvalidProgramException reject(int[]... insns) {
    return reject(VerifierOptions.libpcap(), insns);
  }

  /** Every vector's verdict, without an engine: rejected with its pc and reason, or accepted. */
  @TestFactory
  Stream<DynamicTest> vectorVerdicts() {
    return Vectors.all().stream()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () -> {
                      BpfProgram p = BpfProgram.parse(v.program());
                      if (v.errorPc() == null) {
                        Verifier.verify(p, v.options());
                      } else {
                        InvalidProgramException e =
                            assertThrows(
                                InvalidProgramException.class,
                                () -> Verifier.verify(p, v.options()));
                        assertEquals(v.errorReason(), e.reason());
                        assertEquals(v.errorPc().intValue(), e.pc());
                      }
                    }));
  }

  @Test
  void emptyIsAWholeProgramError() {
    InvalidProgramException e = reject();
    assertEquals(Reason.EMPTY, e.reason());
    assertEquals(-1, e.pc());
    assertNull(e.insn());
  }

  @Test
  void tooLongForProfile() {
    int[][] prog = new int[4097][];
    for (int i = 0; i < prog.length; i++) {
      prog[i] = new int[] {0x06, 0, 0, 0};
    }
    assertEquals(Reason.TOO_LONG, reject(VerifierOptions.strict(), prog).reason());
    Verifier.verify(BpfProgram.of(prog)); // LIBPCAP takes up to 65,535
  }

  @Test
  void messageNamesPcInstructionAndTarget() {
    int[][] prog = new int[12][];
    for (int i = 0; i < 12; i++) {
      prog[i] = new int[] {0x06, 0, 0, 0};
    }
    prog[7] = new int[] {0x15, 9, 0, 0x800};
    InvalidProgramException e = reject(prog);
    assertEquals(7, e.pc());
    assertEquals(Reason.JUMP_OUT_OF_RANGE, e.reason());
    assertEquals(new RawInstruction(0x15, 9, 0, 0x800), e.insn());
    assertEquals(
        "pc 7 (jeq #0x800 jt 9 jf 0): jump target 17 is past the end (length 12)", e.getMessage());
  }

  @Test
  void eachReasonAtItsPc() {
    assertEquals(
        Reason.UNKNOWN_OPCODE, reject(new int[] {0x8c, 0, 0, 0}, new int[] {6, 0, 0, 0}).reason());
    InvalidProgramException scratch =
        reject(new int[] {0, 0, 0, 0}, new int[] {0x02, 0, 0, 16}, new int[] {6, 0, 0, 0});
    assertEquals(Reason.BAD_SCRATCH, scratch.reason());
    assertEquals(1, scratch.pc());
    InvalidProgramException div =
        reject(new int[] {0, 0, 0, 0}, new int[] {0x94, 0, 0, 0}, new int[] {6, 0, 0, 0});
    assertEquals(Reason.DIV_BY_ZERO, div.reason());
    assertEquals(1, div.pc());
    InvalidProgramException ret = reject(new int[] {6, 0, 0, 0}, new int[] {0, 0, 0, 0});
    assertEquals(Reason.NO_FINAL_RET, ret.reason());
    assertEquals(1, ret.pc());
    InvalidProgramException back =
        reject(VerifierOptions.strict(), new int[] {0x05, 0, 0, -1}, new int[] {6, 0, 0, 0});
    assertEquals(Reason.BACKWARD_JUMP, back.reason());
    assertEquals(0, back.pc());
  }

  @Test
  void factsOfAVerifiedProgram() {
    VerifiedProgram v =
        Verifier.verify(
            BpfProgram.parseAssembly(
                "ld M[2]\nst M[3]\nldb [0]\njeq #1, out, back\nback: ja 0\nout: ret a\nret #0\n"));
    assertTrue(v.hasBackwardJumps());
    assertEquals(0b1100, v.scratchUsedMask());
    assertEquals(0b0100, v.scratchReadBeforeWriteMask());
    assertTrue(v.isReachable(5));
    assertFalse(v.isReachable(6));
    assertEquals(Opcode.LD_MEM, v.opcode(0));
  }

  @Test
  void backwardJumpIntoLoopWithReadOfWrittenWord() {
    // M[0] written before the loop: every path to the read has written it.
    VerifiedProgram v =
        Verifier.verify(
            BpfProgram.parseAssembly(
                "st M[0]\nloop: ld M[0]\nadd #1\nst M[0]\njeq #3, out, back\nback: ja loop\nout: ret a\n"),
            VerifierOptions.libpcap());
    assertEquals(0, v.scratchReadBeforeWriteMask());
  }

  @Test
  void vectorParserRejectsMissingResult() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TestVector.parse("x", "-- program\nret #1\n-- packet\n00\n"));
  }
}
