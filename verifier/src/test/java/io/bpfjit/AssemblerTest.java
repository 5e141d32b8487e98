package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssemblerTest {
  private static BpfProgram ddd(String s) {
    return BpfProgram.parseDecimal(s);
  }

  @Test
  void bpfAsmSyntaxWithLabelsAndComments() {
    BpfProgram p =
        BpfProgram.parse(
            String.join(
                "\n",
                "; tcpdump 'ip'",
                "        ldh [12]          ; ethertype",
                "        jeq #0x800, keep, drop",
                "keep:   ret #262144",
                "drop:   ret #0",
                ""));
    assertEquals(ddd("4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n"), p);
  }

  @Test
  void syntheticConditionsSwapTargets() {
    BpfProgram p =
        BpfProgram.parseAssembly(
            "ldb [0]\njne #1, a\nret #1\na: jlt #5, b, c\nb: jle x, c, c\nc: ret #0\n");
    assertEquals(ddd("6\n48 0 0 0\n21 0 1 1\n6 0 0 1\n53 1 0 5\n45 0 0 0\n6 0 0 0\n"), p);
  }

  @Test
  void everyOperandForm() {
    String text =
        String.join(
            "\n",
            "ld #0x10",
            "ld #-1",
            "ld [4]",
            "ldh [x + 2]",
            "ldb [x]",
            "ld #pktlen",
            "ld len",
            "ld M[3]",
            "ldx #7",
            "ldx M[15]",
            "ldx #len",
            "ldxb 4*([14]&0xf)",
            "ldx 4*([14]&0xf)",
            "st M[1]",
            "stx M[2]",
            "add x",
            "sub #0b101",
            "neg",
            "tax",
            "txa",
            "ldh [vlan_tci]",
            "ja 22",
            "ret a");
    BpfProgram p = BpfProgram.parseAssembly(text);
    assertEquals(23, p.size());
    assertEquals(new RawInstruction(0x00, 0, 0, -1), p.get(1));
    assertEquals(new RawInstruction(0x48, 0, 0, 2), p.get(3));
    assertEquals(new RawInstruction(0x50, 0, 0, 0), p.get(4));
    assertEquals(new RawInstruction(0x80, 0, 0, 0), p.get(6));
    assertEquals(new RawInstruction(0x81, 0, 0, 0), p.get(10));
    assertEquals(new RawInstruction(0xb1, 0, 0, 14), p.get(12));
    assertEquals(new RawInstruction(0x14, 0, 0, 5), p.get(16));
    assertEquals(new RawInstruction(0x28, 0, 0, 0xfffff02c), p.get(20));
    assertEquals(new RawInstruction(0x05, 0, 0, 0), p.get(21));
    assertEquals(p, BpfProgram.parse(p.toAssembly()), "listing round-trip");
  }

  @Test
  void negativeOffsetsPrintSignedAsLibpcapDoes() {
    BpfProgram p = ddd("2\n32 0 0 4294967295\n6 0 0 0\n");
    assertEquals("(000) ld       [-1]\n(001) ret      #0\n", p.toAssembly());
    assertEquals(p, BpfProgram.parse(p.toAssembly()));
  }

  @Test
  void backwardJaPrintsAndParsesTheAbsoluteTarget() {
    BpfProgram p = ddd("3\n0 0 0 0\n5 0 0 4294967294\n6 0 0 0\n");
    assertEquals("(001) ja       0", p.toAssembly().lines().toList().get(1));
    assertEquals(p, BpfProgram.parse(p.toAssembly()));
  }

  @Test
  void cArrayAndCommaForms() {
    BpfProgram p = ddd("2\n40 0 0 12\n6 0 0 4294967295\n");
    assertEquals("{ 0x28, 0, 0, 0x0000000c },\n{ 0x6, 0, 0, 0xffffffff },\n", p.toCArray());
    assertEquals("2,40 0 0 12,6 0 0 4294967295", p.toComma());
    assertEquals(p, BpfProgram.parse("4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0").size() == 4 ? p : null);
  }

  /** A UTF-8 file saved with a byte-order mark reads as without; errors count columns after it. */
  @Test
  void leadingByteOrderMarkIsIgnored() {
    String mark = "\uFEFF";
    BpfProgram p = ddd("2\n40 0 0 12\n6 0 0 4294967295\n");
    for (String text : List.of(p.toDecimal(), p.toCArray(), p.toComma(), p.toAssembly())) {
      assertEquals(p, BpfProgram.parse(mark + text), text);
    }
    assertEquals(p, BpfProgram.parseDecimal(mark + p.toDecimal()));
    assertEquals(p, BpfProgram.parseCArray(mark + p.toCArray()));
    assertEquals(p, BpfProgram.parseComma(mark + p.toComma()));
    assertEquals(p, BpfProgram.parseAssembly(mark + p.toAssembly()));
    assertEquals(bad("ld frob\n").column(), bad(mark + "ld frob\n").column());
    assertEquals("expected a program, found no text", bad(mark + " \n").detail());
  }

  /** The found token of an error shows what a terminal would not as Java escapes. */
  @Test
  void foundTokensEscapeWhatATerminalWouldNotShow() {
    assertEquals("found '\\x01\\x1b[2J'", found("ret #0\u0001\u001b[2J"));
    assertEquals("found '\\u0085\\ufeff\\ufffd\\ud800'", found("ret #0\u0085\uFEFF\uFFFD\uD800"));
    assertEquals("found '\\ue000\\u0378x'", found("ret #0\uE000\u0378x"));
    assertEquals("found '0é€'", found("ret #0é€"));
  }

  private static String found(String text) {
    String detail = bad(text).detail();
    return detail.substring(detail.indexOf("found "));
  }

  private static ProgramFormatException bad(String text) {
    return assertThrows(ProgramFormatException.class, () -> BpfProgram.parse(text));
  }

  @Test
  void errorsNameLineAndColumn() {
    ProgramFormatException e = bad("ldh [12]\njeq #0x8g0, a, b\n");
    assertEquals(2, e.line());
    assertEquals(6, e.column());
    e = bad("ldh [12]\n  frob #1\nret #0\n");
    assertEquals(2, e.line());
    assertEquals(3, e.column());
    e = bad("jeq #1, nowhere\nret #0\n");
    assertEquals(1, e.line());
    assertEquals(9, e.column());
    e = bad("3\n40 0 0 12\n6 0 0\n");
    assertEquals(3, e.line());
    e = bad("2\n40 0 0 12\n");
    assertEquals("the count says 2 instructions but 1 follow", e.detail());
    e = bad("{ 0x28, 0, 0, 0x0000000c },\n{ 0x6, 0, 0 },\n");
    assertEquals(2, e.line());
    e = bad("2,40 0 0 12,6 0 0");
    assertEquals(1, e.line());
    e = bad("ld #4294967296\nret a\n");
    assertEquals(1, e.line());
    e = bad("   \n\t\n");
    assertEquals(1, e.line());
    e = bad("(000) ld #1\n(002) ret a\n");
    assertEquals(2, e.line());
    e = bad("ldb [0]\njeq #1, far, far\n" + "ld #0\n".repeat(300) + "far: ret a\n");
    assertEquals(2, e.line());
    e = bad("ldh #5\nret a\n");
    assertEquals(1, e.line());
  }

  @Test
  void dddLinesOutsideTcpdumpsOwnShapeAreReadTheGeneralWay() {
    // tcpdump prints four plain decimals one space apart (read by a fast path); anything else
    // goes through the general reader: other spacing, hex, leading zeros, signs, trailing space
    BpfProgram plain = BpfProgram.parse("2\n40 0 0 12\n6 0 0 262144\n");
    assertEquals(plain, BpfProgram.parse("2\n40\t0  0 12 \n6 0 0 0x40000\n"));
    assertEquals(plain, BpfProgram.parse("2\n0x28 0 0 012\n6 0 0 262144\n"));
    assertEquals(plain, BpfProgram.parse("2\n+40 0 0 12\n6 0 0 262144\n"));
    assertEquals(new RawInstruction(6, 0, 0, -1), BpfProgram.parse("1\n6 0 0 4294967295\n").get(0));
    assertEquals(
        "a 32-bit k 4294967296 is out of range [-2147483648, 4294967295]",
        bad("1\n6 0 0 4294967296\n").detail());
    assertEquals(
        "a 16-bit opcode 65536 is out of range [0, 65535]", bad("1\n65536 0 0 0\n").detail());
    assertEquals("an 8-bit jt 256 is out of range [0, 255]", bad("1\n21 256 0 0\n").detail());
    ProgramFormatException e = bad("1\n6 0 0 12345678901\n");
    assertEquals(2, e.line());
    assertEquals("a 32-bit k 12345678901 is out of range [-2147483648, 4294967295]", e.detail());
  }

  @Test
  void ddRangeChecks() {
    ProgramFormatException e = bad("{ 0x10000, 0, 0, 0 },");
    assertEquals(1, e.line());
    e = bad("2\n6 256 0 0\n6 0 0 0\n");
    assertEquals(2, e.line());
  }
}
