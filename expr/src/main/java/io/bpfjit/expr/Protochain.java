package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code [ip|ip6] protochain N} as libpcap 1.10.3's {@code gen_protochain} builds it: one block
 * whose statements walk the IPv6 extension headers (hop-by-hop, destination options, routing,
 * fragment) and IPv4/IPv6 AH headers in a loop with a backward {@code ja}, leaving the last
 * next-header value in A for the block's {@code jeq #N}. Programs with it are not optimised.
 */
final class Protochain {
  private static final int IPPROTO_HOPOPTS = 0;
  private static final int IPPROTO_ROUTING = 43;
  private static final int IPPROTO_FRAGMENT = 44;
  private static final int IPPROTO_AH = 51;
  private static final int IPPROTO_NONE = 59;
  private static final int IPPROTO_DSTOPTS = 60;

  private final CodeGen g;

  Protochain(CodeGen g) {
    this.g = g;
  }

  Block generate(int v, int proto) {
    int reg2 = g.allocReg();
    switch (proto) {
      case Q.IP, Q.IPV6 -> {}
      case Q.DEFAULT -> {
        Block b0 = generate(v, Q.IP);
        Block b = generate(v, Q.IPV6);
        Blocks.or(b0, b);
        return b;
      }
      default -> throw CodeGen.error("bad protocol applied for 'protochain'");
    }
    if (g.offLinkPl.variable) {
      throw CodeGen.error("'protochain' not supported with variable length headers");
    }
    g.noOptimize = true;
    int nl = g.offLinkPl.constant + g.offNl;
    List<Stmt> s = new ArrayList<>(48);
    Block b0;
    if (proto == Q.IP) {
      b0 = g.linkType(EtherTypes.IP);
      s.add(new Stmt(Bpf.LD | Bpf.ABS | Bpf.B, nl + 9));
      s.add(new Stmt(Bpf.LDX | Bpf.MSH | Bpf.B, nl));
    } else {
      b0 = g.linkType(EtherTypes.IPV6);
      s.add(new Stmt(Bpf.LD | Bpf.ABS | Bpf.B, nl + 6));
      s.add(new Stmt(Bpf.LDX | Bpf.IMM, 40));
    }
    int again = s.size();
    Stmt jeqV = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, v));
    Stmt jeqNone = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_NONE));
    jeqV.jf = jeqNone;
    Stmt fragment = null;
    if (proto == Q.IPV6) {
      Stmt hop = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_HOPOPTS));
      jeqNone.jf = hop;
      Stmt dst = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_DSTOPTS));
      hop.jf = dst;
      Stmt routing = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_ROUTING));
      dst.jf = routing;
      fragment = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_FRAGMENT));
      routing.jf = fragment;
      Stmt advance = add(s, new Stmt(Bpf.LD | Bpf.IND | Bpf.B, nl));
      add(s, new Stmt(Bpf.ST, reg2));
      add(s, new Stmt(Bpf.LD | Bpf.IND | Bpf.B, nl + 1));
      add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 1));
      add(s, new Stmt(Bpf.ALU | Bpf.MUL | Bpf.K, 8));
      add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X, 0));
      add(s, new Stmt(Bpf.MISC | Bpf.TAX));
      add(s, new Stmt(Bpf.LD | Bpf.MEM, reg2));
      add(s, new Stmt(Bpf.JMP | Bpf.JA, again - s.size() - 1));
      for (Stmt x : List.of(hop, dst, routing, fragment)) {
        x.jt = advance;
      }
    } else {
      jeqNone.jf = add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 0));
    }
    Stmt ahCheck = add(s, new Stmt(Bpf.JMP | Bpf.JEQ | Bpf.K, IPPROTO_AH));
    if (fragment != null) {
      fragment.jf = ahCheck;
    }
    ahCheck.jt = add(s, new Stmt(Bpf.MISC | Bpf.TXA));
    add(s, new Stmt(Bpf.LD | Bpf.IND | Bpf.B, nl));
    add(s, new Stmt(Bpf.ST, reg2));
    add(s, new Stmt(Bpf.MISC | Bpf.TXA));
    add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 1));
    add(s, new Stmt(Bpf.MISC | Bpf.TAX));
    add(s, new Stmt(Bpf.LD | Bpf.IND | Bpf.B, nl));
    add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 2));
    add(s, new Stmt(Bpf.ALU | Bpf.MUL | Bpf.K, 4));
    add(s, new Stmt(Bpf.MISC | Bpf.TAX));
    add(s, new Stmt(Bpf.LD | Bpf.MEM, reg2));
    add(s, new Stmt(Bpf.JMP | Bpf.JA, again - s.size() - 1));
    Stmt end = add(s, new Stmt(Bpf.ALU | Bpf.ADD | Bpf.K, 0));
    jeqNone.jt = end;
    ahCheck.jf = end;
    jeqV.jt = end;
    Block b = CodeGen.block(Bpf.jmp(Bpf.JEQ), v, s);
    g.freeReg(reg2);
    Blocks.and(b0, b);
    return b;
  }

  private static Stmt add(List<Stmt> s, Stmt x) {
    s.add(x);
    return x;
  }
}
