package io.bpfjit;

/**
 * The 49 canonical classic-BPF opcodes (docs/semantics.md section 2): exactly the codes libpcap's
 * interpreter executes. Engines switch over this enum, so a missing case is a compile error.
 */
public enum Opcode {
  // spotless:off
  /** {@code A <- k} */
  LD_IMM(0x00, "ld", 0),
  /** {@code X <- k} */
  LDX_IMM(0x01, "ldx", 0),
  /** {@code M[k] <- A} */
  ST(0x02, "st", 0),
  /** {@code M[k] <- X} */
  STX(0x03, "stx", 0),
  /** {@code A <- A + k} */
  ADD_K(0x04, "add", 0),
  /** {@code pc <- pc + 1 + k} */
  JA(0x05, "ja", 0),
  /** {@code return k} */
  RET_K(0x06, "ret", 0),
  /** {@code X <- A} */
  TAX(0x07, "tax", 0),
  /** {@code A <- A + X} */
  ADD_X(0x0c, "add", 0),
  /** {@code A <- A - k} */
  SUB_K(0x14, "sub", 0),
  /** {@code pc += (A == k) ? jt : jf} */
  JEQ_K(0x15, "jeq", 0),
  /** {@code return A} */
  RET_A(0x16, "ret", 0),
  /** {@code A <- A - X} */
  SUB_X(0x1c, "sub", 0),
  /** {@code pc += (A == X) ? jt : jf} */
  JEQ_X(0x1d, "jeq", 0),
  /** {@code A <- P[k:4]} */
  LD_W_ABS(0x20, "ld", 4),
  /** {@code A <- A * k} */
  MUL_K(0x24, "mul", 0),
  /** {@code pc += (A > k) ? jt : jf} (unsigned) */
  JGT_K(0x25, "jgt", 0),
  /** {@code A <- P[k:2]} */
  LD_H_ABS(0x28, "ldh", 2),
  /** {@code A <- A * X} */
  MUL_X(0x2c, "mul", 0),
  /** {@code pc += (A > X) ? jt : jf} (unsigned) */
  JGT_X(0x2d, "jgt", 0),
  /** {@code A <- P[k:1]} */
  LD_B_ABS(0x30, "ldb", 1),
  /** {@code A <- A / k} (unsigned) */
  DIV_K(0x34, "div", 0),
  /** {@code pc += (A >= k) ? jt : jf} (unsigned) */
  JGE_K(0x35, "jge", 0),
  /** {@code A <- A / X} (unsigned; X = 0 returns 0) */
  DIV_X(0x3c, "div", 0),
  /** {@code pc += (A >= X) ? jt : jf} (unsigned) */
  JGE_X(0x3d, "jge", 0),
  /** {@code A <- P[X+k:4]} */
  LD_W_IND(0x40, "ld", 4),
  /** {@code A <- A | k} */
  OR_K(0x44, "or", 0),
  /** {@code pc += (A & k) != 0 ? jt : jf} */
  JSET_K(0x45, "jset", 0),
  /** {@code A <- P[X+k:2]} */
  LD_H_IND(0x48, "ldh", 2),
  /** {@code A <- A | X} */
  OR_X(0x4c, "or", 0),
  /** {@code pc += (A & X) != 0 ? jt : jf} */
  JSET_X(0x4d, "jset", 0),
  /** {@code A <- P[X+k:1]} */
  LD_B_IND(0x50, "ldb", 1),
  /** {@code A <- A & k} */
  AND_K(0x54, "and", 0),
  /** {@code A <- A & X} */
  AND_X(0x5c, "and", 0),
  /** {@code A <- M[k]} */
  LD_MEM(0x60, "ld", 0),
  /** {@code X <- M[k]} */
  LDX_MEM(0x61, "ldx", 0),
  /** {@code A <- A << (k & 31)} */
  LSH_K(0x64, "lsh", 0),
  /** {@code A <- X >= 32 ? 0 : A << X} */
  LSH_X(0x6c, "lsh", 0),
  /** {@code A <- A >>> (k & 31)} */
  RSH_K(0x74, "rsh", 0),
  /** {@code A <- X >= 32 ? 0 : A >>> X} */
  RSH_X(0x7c, "rsh", 0),
  /** {@code A <- wirelen} */
  LD_LEN(0x80, "ld", 0),
  /** {@code X <- wirelen} */
  LDX_LEN(0x81, "ldx", 0),
  /** {@code A <- -A} */
  NEG(0x84, "neg", 0),
  /** {@code A <- X} */
  TXA(0x87, "txa", 0),
  /** {@code A <- A % k} (unsigned) */
  MOD_K(0x94, "mod", 0),
  /** {@code A <- A % X} (unsigned; X = 0 returns 0) */
  MOD_X(0x9c, "mod", 0),
  /** {@code A <- A ^ k} */
  XOR_K(0xa4, "xor", 0),
  /** {@code A <- A ^ X} */
  XOR_X(0xac, "xor", 0),
  /** {@code X <- 4 * (P[k:1] & 0xf)} */
  LDX_MSH(0xb1, "ldxb", 1);
  // spotless:on

  private static final Opcode[] BY_CODE = new Opcode[256];

  static {
    for (Opcode op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  /** {@link #flags}: {@link #readsScratch()}. */
  static final int READS_SCRATCH = 1;

  /** {@link #flags}: {@link #writesScratch()}. */
  static final int WRITES_SCRATCH = 2;

  /** {@link #flags}: {@link #isConditionalJump()}. */
  static final int CONDITIONAL_JUMP = 4;

  /** {@link #flags}: {@link #isReturn()}. */
  static final int RETURN = 8;

  private final int code;
  private final String mnemonic;
  private final int width;

  /**
   * The predicates below as bits, the one place they are defined: the verifier's per-instruction
   * loop reads the field, which a cold JVM interprets (a call each there).
   */
  final int flags;

  Opcode(int code, String mnemonic, int width) {
    this.code = code;
    this.mnemonic = mnemonic;
    this.width = width;
    int cls = code & 0x07;
    this.flags =
        (code == 0x60 || code == 0x61 ? READS_SCRATCH : 0)
            | (code == 0x02 || code == 0x03 ? WRITES_SCRATCH : 0)
            | (cls == 0x05 && code != 0x05 ? CONDITIONAL_JUMP : 0)
            | (cls == 0x06 ? RETURN : 0);
  }

  /** The canonical opcode for {@code code}, or {@code null} if it is not one of the 49. */
  public static Opcode of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The 16-bit encoding. */
  public int code() {
    return code;
  }

  /** The bpf(4) mnemonic as {@code tcpdump -d} prints it. */
  public String mnemonic() {
    return mnemonic;
  }

  /** Bytes read from the packet: 1, 2 or 4 for packet loads, 0 for every other opcode. */
  public int width() {
    return width;
  }

  /** True for {@code ld/ldh/ldb [k]} and {@code ldxb 4*([k]&0xf)}: a read at a constant offset. */
  public boolean isAbsoluteRead() {
    return this == LD_W_ABS || this == LD_H_ABS || this == LD_B_ABS || this == LDX_MSH;
  }

  /** True for {@code ld/ldh/ldb [x+k]}. */
  public boolean isIndirectRead() {
    return this == LD_W_IND || this == LD_H_IND || this == LD_B_IND;
  }

  /** True for the conditional jumps (not {@code ja}). */
  public boolean isConditionalJump() {
    return (flags & CONDITIONAL_JUMP) != 0;
  }

  /** True for {@code ret #k} and {@code ret a}. */
  public boolean isReturn() {
    return (flags & RETURN) != 0;
  }

  /** True for opcodes that take the X register as operand ({@code BPF_X} source bit). */
  public boolean usesXOperand() {
    int cls = code & 0x07;
    return (cls == 0x04 || cls == 0x05) && (code & 0x08) != 0;
  }

  /** True for {@code ld M[k]} and {@code ldx M[k]}. */
  public boolean readsScratch() {
    return (flags & READS_SCRATCH) != 0;
  }

  /** True for {@code st} and {@code stx}. */
  public boolean writesScratch() {
    return (flags & WRITES_SCRATCH) != 0;
  }
}
