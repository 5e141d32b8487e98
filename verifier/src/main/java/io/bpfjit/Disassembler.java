package io.bpfjit;

import java.util.List;

/**
 * Prints programs the way tcpdump does: {@link #image} is libpcap 1.10's {@code bpf_image()} byte
 * for byte ({@code tcpdump -d}), {@link #ddd} and {@link #dd} are {@code bpf_dump()} at levels 3
 * and 2. One deliberate difference: {@code ldx #len} (0x81), which libpcap prints as {@code unimp
 * 0x81}, prints as {@code ldx #pktlen} so that the listing parses back.
 */
public final class Disassembler {
  private Disassembler() {}

  /** One line of {@code tcpdump -d} for the instruction at {@code pc}, without a newline. */
  public static String image(RawInstruction insn, int pc) {
    String[] opAndOperand = opAndOperand(insn, pc);
    String op = opAndOperand[0];
    String operand = opAndOperand[1];
    Opcode opcode = insn.opcode();
    if (opcode != null && opcode.isConditionalJump()) {
      return String.format(
          "(%03d) %-8s %-16s jt %d\tjf %d",
          pc, op, operand, pc + 1 + insn.jt(), pc + 1 + insn.jf());
    }
    return String.format("(%03d) %-8s %s", pc, op, operand);
  }

  /** The whole {@code tcpdump -d} listing, one line per instruction, each ending in a newline. */
  public static String listing(List<RawInstruction> insns) {
    StringBuilder sb = new StringBuilder(insns.size() * 40);
    for (int pc = 0; pc < insns.size(); pc++) {
      sb.append(image(insns.get(pc), pc)).append('\n');
    }
    return sb.toString();
  }

  /** {@code tcpdump -ddd}: the count, then {@code code jt jf k} in decimal, one per line. */
  public static String ddd(List<RawInstruction> insns) {
    StringBuilder sb = new StringBuilder(insns.size() * 16);
    sb.append(insns.size()).append('\n');
    for (RawInstruction insn : insns) {
      sb.append(insn).append('\n');
    }
    return sb.toString();
  }

  /** {@code tcpdump -dd}: C initialisers {@code { 0x28, 0, 0, 0x0000000c },}. */
  public static String dd(List<RawInstruction> insns) {
    StringBuilder sb = new StringBuilder(insns.size() * 32);
    for (RawInstruction insn : insns) {
      sb.append(
              String.format(
                  "{ 0x%x, %d, %d, 0x%08x },", insn.code(), insn.jt(), insn.jf(), insn.k()))
          .append('\n');
    }
    return sb.toString();
  }

  /** The comma form of {@code iptables -m bpf --bytecode}: {@code 4,48 0 0 9,21 0 1 6,...}. */
  public static String comma(List<RawInstruction> insns) {
    StringBuilder sb = new StringBuilder(insns.size() * 16);
    sb.append(insns.size());
    for (RawInstruction insn : insns) {
      sb.append(',').append(insn);
    }
    return sb.toString();
  }

  private static String[] opAndOperand(RawInstruction insn, int pc) {
    Opcode opcode = insn.opcode();
    int k = insn.k();
    if (opcode == null) {
      return new String[] {"unimp", "0x" + Integer.toHexString(insn.code())};
    }
    String operand =
        switch (opcode) {
          case RET_K, ADD_K, SUB_K, MUL_K, DIV_K, MOD_K, LSH_K, RSH_K -> "#" + k;
          case RET_A, NEG, TAX, TXA -> "";
          case LD_W_ABS, LD_H_ABS, LD_B_ABS -> absOperand(k);
          case LD_LEN, LDX_LEN -> "#pktlen";
          case LD_W_IND, LD_H_IND, LD_B_IND -> "[x + " + k + "]";
          case LD_IMM, LDX_IMM, JGT_K, JGE_K, JEQ_K, JSET_K, AND_K, OR_K, XOR_K -> hex(k);
          case LDX_MSH -> "4*([" + k + "]&0xf)";
          case LD_MEM, LDX_MEM, ST, STX -> "M[" + k + "]";
          case JA -> Integer.toString(pc + 1 + k);
          case JGT_X, JGE_X, JEQ_X, JSET_X -> "x";
          case ADD_X, SUB_X, MUL_X, DIV_X, MOD_X, AND_X, OR_X, XOR_X, LSH_X, RSH_X -> "x";
        };
    return new String[] {opcode.mnemonic(), operand};
  }

  private static String absOperand(int k) {
    String name = AncillaryOffset.nameOf(k);
    return name != null ? "[" + name + "]" : "[" + k + "]";
  }

  private static String hex(int k) {
    return "#0x" + Integer.toHexString(k);
  }
}
