package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;
import java.util.List;

/**
 * Packet data and arithmetic ({@code proto[i:n]}, {@code + - * / …}, relations, {@code len}), the
 * length and byte primitives, broadcast/multicast, the encapsulations that move the offsets for the
 * rest of the expression ({@code vlan}, {@code mpls}, {@code pppoes}) and the direction primitives,
 * as libpcap's {@code gen_load}, {@code gen_arth}, {@code gen_relation}, {@code gen_vlan} … do.
 */
final class Packets {
  private static final int SKF_AD_OFF = -0x1000;
  private static final int SKF_AD_PKTTYPE = 4;
  private static final int SKF_AD_IFINDEX = 8;
  private static final int PACKET_OUTGOING = 4;

  private final CodeGen g;
  private final Protocols protocols;

  Packets(CodeGen g, Protocols protocols) {
    this.g = g;
    this.protocols = protocols;
  }

  private static Stmt st(int reg) {
    return new Stmt(Bpf.ST, reg);
  }

  private static Stmt ldMem(int reg) {
    return new Stmt(Bpf.LD | Bpf.MEM, reg);
  }

  private static Stmt ldxMem(int reg) {
    return new Stmt(Bpf.LDX | Bpf.MEM, reg);
  }

  Arth loadImmediate(int val) {
    Arth a = new Arth();
    int reg = g.allocReg();
    a.stmts = CodeGen.stmts(new Stmt(Bpf.LD | Bpf.IMM, val), st(reg));
    a.regno = reg;
    return a;
  }

  Arth loadLength() {
    int reg = g.allocReg();
    Arth a = new Arth();
    a.stmts = CodeGen.stmts(new Stmt(Bpf.LD | Bpf.LEN), st(reg));
    a.regno = reg;
    return a;
  }

  /** {@code proto[index : size]}. */
  Arth load(int proto, Arth inst, int size) {
    int regno = g.allocReg();
    g.freeReg(inst.regno);
    int sizeCode =
        switch (size) {
          case 1 -> Bpf.B;
          case 2 -> Bpf.H;
          case 4 -> Bpf.W;
          default -> throw CodeGen.error("data size must be 1, 2, or 4");
        };
    switch (proto) {
      case Q.RADIO -> throw CodeGen.error("radio information not present in capture");
      case Q.LINK -> {
        List<Stmt> s = indexed(g.offLinkHdr, inst);
        s.add(new Stmt(Bpf.LD | Bpf.IND | sizeCode, g.offLinkHdr.constant));
        inst.stmts.addAll(s);
      }
      case Q.IP, Q.ARP, Q.RARP, Q.ATALK, Q.DECNET, Q.SCA, Q.LAT, Q.MOPRC, Q.MOPDL, Q.IPV6 -> {
        List<Stmt> s = indexed(g.offLinkPl, inst);
        s.add(new Stmt(Bpf.LD | Bpf.IND | sizeCode, g.offLinkPl.constant + g.offNl));
        inst.stmts.addAll(s);
        Block b = protocols.abbrev(proto);
        if (inst.guard != null) {
          Blocks.and(inst.guard, b);
        }
        inst.guard = b;
      }
      case Q.SCTP, Q.TCP, Q.UDP, Q.ICMP, Q.IGMP, Q.IGRP, Q.PIM, Q.VRRP, Q.CARP -> {
        List<Stmt> s = g.loadXIpHeaderLength();
        s.add(ldMem(inst.regno));
        s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X));
        s.add(new Stmt(Bpf.MISC | Bpf.TAX));
        s.add(new Stmt(Bpf.LD | Bpf.IND | sizeCode, g.offLinkPl.constant + g.offNl));
        inst.stmts.addAll(s);
        Block abbrev = protocols.abbrev(proto);
        Block b = g.ipFrag();
        Blocks.and(abbrev, b);
        if (inst.guard != null) {
          Blocks.and(inst.guard, b);
        }
        Blocks.and(protocols.abbrev(Q.IP), b);
        inst.guard = b;
      }
      case Q.ICMPV6 -> {
        Block b = protocols.abbrev(Q.IPV6);
        if (inst.guard != null) {
          Blocks.and(inst.guard, b);
        }
        inst.guard = b;
        b = g.cmp(OffRel.LINKPL, 6, Bpf.B, 58);
        Blocks.and(inst.guard, b);
        inst.guard = b;
        List<Stmt> s = indexed(g.offLinkPl, inst);
        s.add(new Stmt(Bpf.LD | Bpf.IND | sizeCode, g.offLinkPl.constant + g.offNl + 40));
        inst.stmts.addAll(s);
      }
      default -> throw CodeGen.error("unsupported index operation");
    }
    inst.regno = regno;
    inst.stmts.add(st(regno));
    return inst;
  }

  /** X = the index (plus the variable part of {@code base}, when it has one). */
  private List<Stmt> indexed(CodeGen.AbsOffset base, Arth inst) {
    List<Stmt> s = g.varPart(base);
    if (s != null) {
      s.add(ldMem(inst.regno));
      s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X));
      s.add(new Stmt(Bpf.MISC | Bpf.TAX));
      return s;
    }
    return CodeGen.stmts(ldxMem(inst.regno));
  }

  Arth neg(Arth a) {
    a.stmts.add(ldMem(a.regno));
    a.stmts.add(new Stmt(Bpf.ALU | Bpf.NEG));
    a.stmts.add(st(a.regno));
    return a;
  }

  Arth arith(int code, Arth a0, Arth a1) {
    Stmt first = a1.stmts.get(0);
    boolean constant = first.code == (Bpf.LD | Bpf.IMM);
    if (code == Bpf.DIV && constant && first.k == 0) {
      throw CodeGen.error("division by zero");
    } else if (code == Bpf.MOD && constant && first.k == 0) {
      throw CodeGen.error("modulus by zero");
    } else if ((code == Bpf.LSH || code == Bpf.RSH)
        && constant
        && Integer.compareUnsigned(first.k, 31) > 0) {
      throw CodeGen.error("shift by more than 31 bits");
    }
    a0.stmts.addAll(a1.stmts);
    a0.stmts.add(ldxMem(a1.regno));
    a0.stmts.add(ldMem(a0.regno));
    a0.stmts.add(new Stmt(Bpf.ALU | Bpf.X | code));
    g.freeReg(a0.regno);
    g.freeReg(a1.regno);
    int reg = g.allocReg();
    a0.regno = reg;
    a0.stmts.add(st(reg));
    return a0;
  }

  Block relation(int code, Arth a0, Arth a1, boolean reversed) {
    Block b;
    List<Stmt> s = a0.stmts;
    s.addAll(a1.stmts);
    s.add(ldxMem(a1.regno));
    s.add(ldMem(a0.regno));
    if (code == Bpf.JEQ) {
      s.add(new Stmt(Bpf.ALU | Bpf.SUB | Bpf.X));
      b = CodeGen.block(Bpf.jmp(code), 0, s);
    } else {
      b = CodeGen.block(Bpf.JMP | code | Bpf.X, 0, s);
    }
    if (reversed) {
      Blocks.not(b);
    }
    g.freeReg(a0.regno);
    g.freeReg(a1.regno);
    Block tmp;
    if (a0.guard != null) {
      if (a1.guard != null) {
        Blocks.and(a0.guard, a1.guard);
        tmp = a1.guard;
      } else {
        tmp = a0.guard;
      }
    } else {
      tmp = a1.guard;
    }
    if (tmp != null) {
      Blocks.and(tmp, b);
    }
    return b;
  }

  Block length(int jmp, int n) {
    return CodeGen.block(Bpf.jmp(jmp), n, CodeGen.stmts(new Stmt(Bpf.LD | Bpf.LEN)));
  }

  Block less(int n) {
    Block b = length(Bpf.JGT, n);
    Blocks.not(b);
    return b;
  }

  Block greater(int n) {
    return length(Bpf.JGE, n);
  }

  /** {@code byte idx op val}; for {@code &} and {@code |} libpcap 1.10.3 never loads the byte. */
  Block byteOp(char op, int idx, int val) {
    return switch (op) {
      case '=' -> g.cmp(OffRel.LINKHDR, idx, Bpf.B, val);
      case '<' -> g.cmpLt(OffRel.LINKHDR, idx, Bpf.B, val);
      case '>' -> g.cmpGt(OffRel.LINKHDR, idx, Bpf.B, val);
      default -> {
        int alu = op == '|' ? Bpf.OR : Bpf.AND;
        Block b =
            CodeGen.block(Bpf.jmp(Bpf.JEQ), 0, CodeGen.stmts(new Stmt(Bpf.ALU | alu | Bpf.K, val)));
        Blocks.not(b);
        yield b;
      }
    };
  }

  Block broadcast(int proto, Addresses addresses) {
    switch (proto) {
      case Q.DEFAULT, Q.LINK -> {
        if (g.linkType == LinkTypes.EN10MB) {
          byte[] all = {-1, -1, -1, -1, -1, -1};
          return g.withPrevLinkHdrCheck(() -> addresses.etherHostOp(all, Q.DST));
        }
        throw CodeGen.error("not a broadcast link");
      }
      case Q.IP -> {
        if (g.netmask == 0xffffffff) {
          throw CodeGen.error("netmask not known, so 'ip broadcast' not supported");
        }
        Block b0 = g.linkType(EtherTypes.IP);
        int hostmask = ~g.netmask;
        Block b1 = g.mcmp(OffRel.LINKPL, 16, Bpf.W, 0, hostmask);
        Block b2 = g.mcmp(OffRel.LINKPL, 16, Bpf.W, hostmask, hostmask);
        Blocks.or(b1, b2);
        Blocks.and(b0, b2);
        return b2;
      }
      default -> throw CodeGen.error("only link-layer/IP broadcast filters supported");
    }
  }

  Block multicast(int proto) {
    switch (proto) {
      case Q.DEFAULT, Q.LINK -> {
        if (g.linkType == LinkTypes.EN10MB) {
          return g.withPrevLinkHdrCheck(
              () -> CodeGen.block(Bpf.jmp(Bpf.JSET), 1, g.loadA(OffRel.LINKHDR, 0, Bpf.B)));
        }
      }
      case Q.IP -> {
        Block b0 = g.linkType(EtherTypes.IP);
        Block b1 = g.cmpGe(OffRel.LINKPL, 16, Bpf.B, 224);
        Blocks.and(b0, b1);
        return b1;
      }
      case Q.IPV6 -> {
        Block b0 = g.linkType(EtherTypes.IPV6);
        Block b1 = g.cmp(OffRel.LINKPL, 24, Bpf.B, 255);
        Blocks.and(b0, b1);
        return b1;
      }
      default -> {}
    }
    throw CodeGen.error(
        "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM"
            + " LANE/Fibre Channel");
  }

  Block vlan(int vlanNum, boolean hasTag) {
    if (g.labelStackDepth > 0) {
      throw CodeGen.error("no VLAN match after MPLS");
    }
    if (g.linkType != LinkTypes.EN10MB) {
      throw CodeGen.error("no VLAN support for " + LinkTypes.description(g.linkType));
    }
    Block b0 = g.linkType(EtherTypes.VLAN_8021Q);
    Block b1 = g.linkType(EtherTypes.VLAN_8021AD);
    Blocks.or(b0, b1);
    b0 = b1;
    b1 = g.linkType(EtherTypes.VLAN_8021QINQ);
    Blocks.or(b0, b1);
    b0 = b1;
    if (hasTag) {
      if (Integer.compareUnsigned(vlanNum, 0x0fff) > 0) {
        throw CodeGen.error(
            "VLAN tag " + Integer.toUnsignedString(vlanNum) + " greater than maximum 4095");
      }
      b1 = g.mcmp(OffRel.LINKPL, 0, Bpf.H, vlanNum, 0x0fff);
      Blocks.and(b0, b1);
      b0 = b1;
    }
    g.offLinkPl.constant += 4;
    g.offLinkType.constant += 4;
    g.vlanStackDepth++;
    return b0;
  }

  Block mpls(int label, boolean hasLabel) {
    Block b0;
    if (g.labelStackDepth > 0) {
      b0 = g.mcmp(OffRel.PREVMPLSHDR, 2, Bpf.B, 0, 0x01);
    } else if (g.linkType == LinkTypes.EN10MB) {
      b0 = g.linkType(EtherTypes.MPLS);
    } else if (g.linkType == LinkTypes.PPP) {
      b0 = g.linkType(EtherTypes.PPP_MPLS_UCAST);
    } else {
      throw CodeGen.error("no MPLS support for " + LinkTypes.description(g.linkType));
    }
    if (hasLabel) {
      if (Integer.compareUnsigned(label, 0xfffff) > 0) {
        throw CodeGen.error(
            "MPLS label " + Integer.toUnsignedString(label) + " greater than maximum 1048575");
      }
      Block b1 = g.mcmp(OffRel.LINKPL, 0, Bpf.W, label << 12, 0xfffff000);
      Blocks.and(b0, b1);
      b0 = b1;
    }
    g.offNlNoSnap += 4;
    g.offNl += 4;
    g.labelStackDepth++;
    return b0;
  }

  Block pppoed() {
    return g.linkType(EtherTypes.PPPOED);
  }

  Block pppoes(int session, boolean hasSession) {
    Block b0 = g.linkType(EtherTypes.PPPOES);
    if (hasSession) {
      if (Integer.compareUnsigned(session, 0xffff) > 0) {
        throw CodeGen.error(
            "PPPoE session number "
                + Integer.toUnsignedString(session)
                + " greater than maximum 65535");
      }
      Block b1 = g.mcmp(OffRel.LINKPL, 0, Bpf.W, session, 0x0000ffff);
      Blocks.and(b0, b1);
      b0 = b1;
    }
    // PUSH_LINKHDR(DLT_PPP, …, off_linkpl + off_nl + 6)
    g.isGeneve = false;
    g.prevLinkType = g.linkType;
    g.offPrevLinkHdr = g.offLinkHdr;
    g.linkType = LinkTypes.PPP;
    CodeGen.AbsOffset hdr = new CodeGen.AbsOffset();
    hdr.variable = g.offLinkPl.variable;
    hdr.constant = g.offLinkPl.constant + g.offNl + 6;
    hdr.reg = g.offLinkPl.reg;
    g.offLinkHdr = hdr;
    g.offLinkType = hdr.copy();
    g.offLinkPl.constant = hdr.constant + 2;
    g.offNl = 0;
    g.offNlNoSnap = 0;
    return b0;
  }

  Block inbound(boolean outbound) {
    Block b0;
    switch (g.linkType) {
      case LinkTypes.LINUX_SLL -> {
        b0 = g.cmp(OffRel.LINKHDR, 0, Bpf.H, 4);
        if (!outbound) {
          Blocks.not(b0);
        }
      }
      case LinkTypes.LINUX_SLL2 -> {
        b0 = g.cmp(OffRel.LINKHDR, 10, Bpf.B, 4);
        if (!outbound) {
          Blocks.not(b0);
        }
      }
      default -> {
        if (g.savefile) {
          throw CodeGen.error(
              "inbound/outbound not supported on "
                  + LinkTypes.description(g.linkType)
                  + " when reading savefiles");
        }
        b0 = g.cmp(OffRel.LINKHDR, SKF_AD_OFF + SKF_AD_PKTTYPE, Bpf.H, PACKET_OUTGOING);
        if (!outbound) {
          Blocks.not(b0);
        }
      }
    }
    return b0;
  }

  Block ifindex(int ifindex) {
    if (g.linkType == LinkTypes.LINUX_SLL2) {
      return g.cmp(OffRel.LINKHDR, 4, Bpf.W, ifindex);
    }
    if (g.savefile) {
      throw CodeGen.error(
          "ifindex not supported on "
              + LinkTypes.description(g.linkType)
              + " when reading savefiles");
    }
    return g.cmp(OffRel.LINKHDR, SKF_AD_OFF + SKF_AD_IFINDEX, Bpf.W, ifindex);
  }
}
