package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;
import java.util.List;

/**
 * {@code geneve [vni]} as libpcap 1.10.3's {@code gen_geneve}: UDP port 6081 over IPv4 or IPv6,
 * version 0 and the VNI, then statements that compute the inner link-layer and payload offsets at
 * run time into scratch registers; the rest of the expression is then about the inner frame (an
 * Ethernet header pushed with variable offsets). Programs with it are not optimised.
 */
final class Geneve {
  private static final int GENEVE_PORT = 6081;

  private final CodeGen g;
  private final Ports ports;

  Geneve(CodeGen g, Ports ports) {
    this.g = g;
    this.ports = ports;
  }

  Block generate(int vni, boolean hasVni) {
    Block b0 = geneve4(vni, hasVni);
    Block b1 = geneve6(vni, hasVni);
    Blocks.or(b0, b1);
    b0 = b1;
    List<Stmt> s = offsets();
    b1 = g.genTrue();
    s.addAll(b1.stmts);
    b1.stmts = s;
    Blocks.and(b0, b1);
    g.isGeneve = true;
    return b1;
  }

  private Block check(boolean v6, int vni, boolean hasVni) {
    OffRel rel = v6 ? OffRel.TRAN_IPV6 : OffRel.TRAN_IPV4;
    Block b0 =
        v6
            ? ports.port6(GENEVE_PORT, Protocols.IPPROTO_UDP, Q.DST)
            : ports.port4(GENEVE_PORT, Protocols.IPPROTO_UDP, Q.DST);
    Block b1 = g.mcmp(rel, 8, Bpf.B, 0, 0xc0);
    Blocks.and(b0, b1);
    b0 = b1;
    if (hasVni) {
      if (Integer.compareUnsigned(vni, 0xffffff) > 0) {
        throw CodeGen.error(
            "Geneve VNI " + Integer.toUnsignedString(vni) + " greater than maximum 16777215");
      }
      b1 = g.mcmp(rel, 12, Bpf.W, vni << 8, 0xffffff00);
      Blocks.and(b0, b1);
      b0 = b1;
    }
    return b0;
  }

  private Block geneve4(int vni, boolean hasVni) {
    Block b0 = check(false, vni, hasVni);
    List<Stmt> s = g.loadXIpHeaderLength();
    s.add(new Stmt(Bpf.MISC | Bpf.TXA));
    Block b1 = CodeGen.block(Bpf.JMP | Bpf.JEQ | Bpf.X, 0, s);
    Blocks.and(b0, b1);
    return b1;
  }

  private Block geneve6(int vni, boolean hasVni) {
    Block b0 = check(true, vni, hasVni);
    List<Stmt> s = g.varPart(g.offLinkPl);
    if (s != null) {
      s.add(new Stmt(Bpf.LD | Bpf.IMM, 40));
      s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0));
    } else {
      s = CodeGen.stmts(new Stmt(Bpf.LD | Bpf.IMM, 40));
    }
    s.add(new Stmt(Bpf.MISC | Bpf.TAX));
    Block b1 = CodeGen.block(Bpf.JMP | Bpf.JEQ | Bpf.X, 0, s);
    Blocks.and(b0, b1);
    return b1;
  }

  private List<Stmt> offsets() {
    List<Stmt> s =
        CodeGen.stmts(
            new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, g.offLinkPl.constant + g.offNl + 8),
            new Stmt(Bpf.MISC | Bpf.TAX),
            new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 2));
    g.offLinkType.reg = g.allocReg();
    g.offLinkType.variable = true;
    g.offLinkType.constant = 0;
    s.add(new Stmt(Bpf.ST, g.offLinkType.reg));
    s.add(new Stmt(Bpf.LD | Bpf.IND | Bpf.B, 0));
    s.add(new Stmt(Bpf.ALU | Bpf.AND | Bpf.K, 0x3f));
    s.add(new Stmt(Bpf.ALU | Bpf.MUL | Bpf.K, 4));
    s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 8));
    s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0));
    // PUSH_LINKHDR(DLT_EN10MB, variable, 0, new register)
    g.isGeneve = false;
    g.prevLinkType = g.linkType;
    g.offPrevLinkHdr = g.offLinkHdr;
    g.linkType = LinkTypes.EN10MB;
    CodeGen.AbsOffset hdr = new CodeGen.AbsOffset();
    hdr.variable = true;
    hdr.constant = 0;
    hdr.reg = g.allocReg();
    g.offLinkHdr = hdr;
    s.add(new Stmt(Bpf.ST, hdr.reg));
    g.noOptimize = true;
    s.add(new Stmt(Bpf.LD | Bpf.IND | Bpf.H, 2));
    s.add(new Stmt(Bpf.LDX | Bpf.MEM, hdr.reg));
    Stmt proto = new Stmt(Bpf.jmp(Bpf.JEQ), EtherTypes.TEB);
    s.add(proto);
    Stmt txa = new Stmt(Bpf.MISC | Bpf.TXA);
    s.add(txa);
    proto.jt = txa;
    s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 12));
    s.add(new Stmt(Bpf.ST, g.offLinkType.reg));
    s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 2));
    s.add(new Stmt(Bpf.MISC | Bpf.TAX));
    g.offLinkPl.reg = g.allocReg();
    g.offLinkPl.variable = true;
    g.offLinkPl.constant = 0;
    Stmt stx = new Stmt(Bpf.STX, g.offLinkPl.reg);
    s.add(stx);
    proto.jf = stx;
    g.offNl = 0;
    return s;
  }
}
