package io.bpfjit;

/**
 * One classic-BPF instruction exactly as {@code struct sock_filter} / {@code struct bpf_insn} holds
 * it: {@code code} (u16), {@code jt} and {@code jf} (u8), {@code k} (32 raw bits; read it as
 * unsigned).
 */
public record RawInstruction(int code, int jt, int jf, int k) {

  /** Range-checks the fields that have fewer than 32 bits. */
  public RawInstruction {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("code " + code + " is not a 16-bit value");
    }
    if (jt < 0 || jt > 0xff) {
      throw new IllegalArgumentException("jt " + jt + " is not an 8-bit value");
    }
    if (jf < 0 || jf > 0xff) {
      throw new IllegalArgumentException("jf " + jf + " is not an 8-bit value");
    }
  }

  /** The canonical opcode, or {@code null} when {@link #code()} is not one of the 49. */
  public Opcode opcode() {
    return Opcode.of(code);
  }

  /** {@code k} as an unsigned value. */
  public long unsignedK() {
    return Integer.toUnsignedLong(k);
  }

  /**
   * Mnemonic and operand as {@code tcpdump -d} prints them at {@code pc}, e.g. {@code ldh [12]}.
   */
  public String toText(int pc) {
    return Disassembler.image(this, pc).strip().replaceFirst("^\\(\\d+\\)\\s+", "");
  }

  @Override
  public String toString() {
    return code + " " + jt + " " + jf + " " + Integer.toUnsignedString(k);
  }
}
