package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;
import java.util.Locale;

/**
 * {@code llc [i|s|u|rr|rnr|rej|ui|ua|disc|dm|sabme|test|xid|frmr]}: an 802.2 LLC frame (on
 * Ethernet, an 802.3 length and not Novell's raw 0xffff) and its control field, as libpcap's {@code
 * gen_llc}, {@code gen_llc_i}, {@code gen_llc_s}, {@code gen_llc_u} and the subtype tests.
 */
final class LlcTests {
  private static final String[] S_SUBTYPES = {"rr", "rnr", "rej"};
  private static final int[] S_VALUES = {0x01, 0x05, 0x09};
  private static final String[] U_SUBTYPES = {
    "ui", "ua", "disc", "dm", "sabme", "test", "xid", "frmr"
  };
  private static final int[] U_VALUES = {0x03, 0x63, 0x43, 0x0f, 0x6f, 0xe3, 0xaf, 0x87};

  private final CodeGen g;

  LlcTests(CodeGen g) {
    this.g = g;
  }

  /** {@code llc} alone (subtype null) or with a subtype name. */
  Block generate(String subtype) {
    if (subtype == null) {
      return llc();
    }
    String s = subtype.toLowerCase(Locale.ROOT);
    switch (s) {
      case "i" -> {
        Block b0 = llc();
        Block b1 = CodeGen.block(Bpf.jmp(Bpf.JSET), 0x01, g.loadA(OffRel.LLC, 2, Bpf.B));
        Blocks.not(b1);
        Blocks.and(b0, b1);
        return b1;
      }
      case "s" -> {
        return masked(0x01, 0x03);
      }
      case "u" -> {
        return masked(0x03, 0x03);
      }
      default -> {}
    }
    for (int i = 0; i < S_SUBTYPES.length; i++) {
      if (S_SUBTYPES[i].equals(s)) {
        return masked(S_VALUES[i], 0x0f);
      }
    }
    for (int i = 0; i < U_SUBTYPES.length; i++) {
      if (U_SUBTYPES[i].equals(s)) {
        return masked(U_VALUES[i], 0xef);
      }
    }
    throw CodeGen.error("unknown LLC type name \"" + subtype + "\"");
  }

  private Block masked(int value, int mask) {
    Block b0 = llc();
    Block b1 = g.mcmp(OffRel.LLC, 2, Bpf.B, value, mask);
    Blocks.and(b0, b1);
    return b1;
  }

  private Block llc() {
    if (g.linkType != LinkTypes.EN10MB) {
      throw CodeGen.error("'llc' not supported for " + LinkTypes.description(g.linkType));
    }
    Block b0 = g.cmpGt(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.MTU);
    Blocks.not(b0);
    Block b1 = g.cmp(OffRel.LLC, 0, Bpf.H, 0xffff);
    Blocks.not(b1);
    Blocks.and(b0, b1);
    return b1;
  }
}
