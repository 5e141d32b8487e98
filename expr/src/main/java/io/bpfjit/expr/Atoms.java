package io.bpfjit.expr;

/**
 * The optimiser's atoms: the 16 scratch words, A and X (libpcap's {@code A_ATOM}, {@code X_ATOM},
 * {@code AX_ATOM} for a statement that uses both), and which of them a statement uses and defines.
 */
final class Atoms {
  private Atoms() {}

  static final int MEMWORDS = 16;
  static final int A = MEMWORDS;
  static final int X = MEMWORDS + 1;
  static final int N_ATOMS = MEMWORDS + 2;
  static final int AX = N_ATOMS;

  static boolean has(int set, int atom) {
    return (set >>> atom & 1) != 0;
  }

  static int mask(int atom) {
    return 1 << atom;
  }

  /** atomuse: the atom {@code code}/{@code k} reads, AX for both, or -1. */
  static int use(int code, int k) {
    if (code == Stmt.NOP) {
      return -1;
    }
    switch (code & 0x07) {
      case Bpf.RET:
        return (code & 0x18) == 0x10 ? A : (code & 0x18) == 0x08 ? X : -1;
      case Bpf.LD:
      case Bpf.LDX:
        return (code & 0xe0) == Bpf.IND ? X : (code & 0xe0) == Bpf.MEM ? k : -1;
      case Bpf.ST:
        return A;
      case Bpf.STX:
        return X;
      case Bpf.JMP:
      case Bpf.ALU:
        return (code & 0x08) == Bpf.X ? AX : A;
      case Bpf.MISC:
        return (code & 0xf8) == Bpf.TXA ? X : A;
      default:
        throw new IllegalStateException("opcode " + code);
    }
  }

  /** atomdef: the atom {@code code}/{@code k} writes, or -1. */
  static int def(int code, int k) {
    if (code == Stmt.NOP) {
      return -1;
    }
    return switch (code & 0x07) {
      case Bpf.LD, Bpf.ALU -> A;
      case Bpf.LDX -> X;
      case Bpf.ST, Bpf.STX -> k;
      case Bpf.MISC -> (code & 0xf8) == Bpf.TAX ? X : A;
      default -> -1;
    };
  }
}
