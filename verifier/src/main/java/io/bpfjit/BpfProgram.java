package io.bpfjit;

import java.util.List;

/**
 * An immutable classic-BPF program: a list of {@link RawInstruction}s, not yet verified. Reads
 * every common text form ({@link #parse}) and prints them ({@link #toAssembly()} is exactly {@code
 * tcpdump -d}).
 *
 * <pre>{@code
 * BpfProgram p = BpfProgram.parse("4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n");
 * VerifiedProgram v = Verifier.verify(p);
 * }</pre>
 */
public final class BpfProgram {

  private final List<RawInstruction> insns;

  private BpfProgram(List<RawInstruction> insns) {
    this.insns = insns;
  }

  /** A program of these instructions (copied). */
  public static BpfProgram of(List<RawInstruction> insns) {
    return new BpfProgram(List.copyOf(insns));
  }

  /** A program of these instructions (copied). */
  public static BpfProgram of(RawInstruction... insns) {
    return new BpfProgram(List.of(insns));
  }

  /** A program from raw {@code {code, jt, jf, k}} quadruples, as in a {@code sock_filter[]}. */
  public static BpfProgram of(int[]... quads) {
    RawInstruction[] out = new RawInstruction[quads.length];
    for (int i = 0; i < quads.length; i++) {
      if (quads[i].length != 4) {
        throw new IllegalArgumentException(
            "instruction " + i + " has " + quads[i].length + " values, expected 4");
      }
      out[i] = new RawInstruction(quads[i][0], quads[i][1], quads[i][2], quads[i][3]);
    }
    return new BpfProgram(List.of(out));
  }

  /**
   * Reads any common text form, detected from the text: {@code tcpdump -ddd}, {@code tcpdump -dd},
   * the comma form ({@code 4,48 0 0 9,...}) or assembler text ({@code tcpdump -d}, {@code
   * bpf_asm}). In this and the other {@code parse} methods a leading byte-order mark (U+FEFF, which
   * some editors write at the start of a UTF-8 file) is ignored.
   *
   * @throws ProgramFormatException naming the line and column of the first error
   */
  public static BpfProgram parse(String text) {
    return new BpfProgram(List.copyOf(parseAny(withoutMark(text))));
  }

  /** Reads {@code tcpdump -ddd} output: a count line, then {@code code jt jf k} per line. */
  public static BpfProgram parseDecimal(String text) {
    return new BpfProgram(List.copyOf(NumericFormats.ddd(withoutMark(text))));
  }

  /** Reads {@code tcpdump -dd} output: {@code { 0x28, 0, 0, 0x0000000c },} per instruction. */
  public static BpfProgram parseCArray(String text) {
    return new BpfProgram(List.copyOf(NumericFormats.dd(withoutMark(text))));
  }

  /** Reads the comma form of {@code iptables -m bpf --bytecode} and {@code bpf_asm -c}-likes. */
  public static BpfProgram parseComma(String text) {
    return new BpfProgram(List.copyOf(NumericFormats.comma(withoutMark(text))));
  }

  /** Reads assembler text: a {@code tcpdump -d} listing or {@code bpf_asm} syntax with labels. */
  public static BpfProgram parseAssembly(String text) {
    return new BpfProgram(List.copyOf(Assembler.assemble(withoutMark(text))));
  }

  /** {@code text} without a leading byte-order mark: an encoding's, not the program's. */
  private static String withoutMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static List<RawInstruction> parseAny(String text) {
    // tcpdump's own -ddd output, read in one scan before any other look at the text (each is a
    // loop a cold JVM interprets); anything else is told apart below
    List<RawInstruction> plain = NumericFormats.plainText(text);
    if (plain != null) {
      return plain;
    }
    if (text.isBlank()) {
      throw new ProgramFormatException(1, 1, "expected a program, found no text");
    }
    if (text.indexOf('{') >= 0) {
      return NumericFormats.dd(text);
    }
    String stripped = text.strip();
    if (TextLines.isCommaForm(stripped)) {
      return NumericFormats.comma(text);
    }
    if (TextLines.isNumber(TextLines.firstLine(stripped))) {
      return NumericFormats.dddLines(text); // not plain: the line reader says where
    }
    return Assembler.assemble(text);
  }

  /** The instructions, unmodifiable. */
  public List<RawInstruction> instructions() {
    return insns;
  }

  /** Number of instructions. */
  public int size() {
    return insns.size();
  }

  /** The instruction at {@code pc}. */
  public RawInstruction get(int pc) {
    return insns.get(pc);
  }

  /** {@code tcpdump -d}: {@code (000) ldh [12]} lines, byte for byte as libpcap prints them. */
  public String toAssembly() {
    return Disassembler.listing(insns);
  }

  /** {@code tcpdump -ddd}: the count, then {@code code jt jf k} lines. */
  public String toDecimal() {
    return Disassembler.ddd(insns);
  }

  /** {@code tcpdump -dd}: C initialisers. */
  public String toCArray() {
    return Disassembler.dd(insns);
  }

  /** The comma form {@code N,code jt jf k,...} (no newline). */
  public String toComma() {
    return Disassembler.comma(insns);
  }

  /** Same as {@link #toAssembly()}. */
  @Override
  public String toString() {
    return toAssembly();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BpfProgram other && insns.equals(other.insns);
  }

  @Override
  public int hashCode() {
    return insns.hashCode();
  }

  /** The program as raw {@code {code, jt, jf, k}} quadruples (a fresh copy). */
  public int[][] toArray() {
    int[][] out = new int[insns.size()][];
    for (int i = 0; i < out.length; i++) {
      RawInstruction r = insns.get(i);
      out[i] = new int[] {r.code(), r.jt(), r.jf(), r.k()};
    }
    return out;
  }
}
