package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * The code generator's state and its primitives shared by every generator: statement and block
 * construction, loads relative to the link-layer offsets, comparisons, scratch registers and the
 * link-type tests. Follows libpcap 1.10.3's {@code gencode.c} structure so that the blocks, loads
 * and their order — and so the unoptimised program — come out the same.
 */
final class CodeGen {
  static final int NOT_SET = -1;

  /** Where a load's offset is counted from (libpcap's {@code enum e_offrel}). */
  enum OffRel {
    PACKET,
    LINKHDR,
    PREVLINKHDR,
    LLC,
    PREVMPLSHDR,
    LINKPL,
    LINKPL_NOSNAP,
    LINKTYPE,
    TRAN_IPV4,
    TRAN_IPV6
  }

  /** An offset with a constant part and, for variable-length headers, a scratch register. */
  static final class AbsOffset {
    int constant;
    boolean variable;
    int reg = -1;

    AbsOffset copy() {
      AbsOffset o = new AbsOffset();
      o.constant = constant;
      o.variable = variable;
      o.reg = reg;
      return o;
    }
  }

  final CompileOptions options;
  final int snaplen;
  final int netmask;
  final boolean savefile;

  int outermostLinkType;
  int prevLinkType;
  int linkType;
  AbsOffset offOutermostLinkHdr = new AbsOffset();
  AbsOffset offPrevLinkHdr = new AbsOffset();
  AbsOffset offLinkHdr = new AbsOffset();
  AbsOffset offLinkPl = new AbsOffset();
  AbsOffset offLinkType = new AbsOffset();
  int offNl;
  int offNlNoSnap;
  int labelStackDepth;
  boolean isGeneve;
  int vlanStackDepth;
  boolean noOptimize;

  private final boolean[] regUsed = new boolean[16];
  private int curReg;

  CodeGen(CompileOptions options) {
    this.options = options;
    this.snaplen = options.snaplen();
    this.netmask = options.netmask();
    this.savefile = options.savefile();
    initLinkType(options.linkType());
  }

  // ---- errors ----

  static CompileError error(String message) {
    return new CompileError(message);
  }

  /** libpcap's {@code syntax()}: a primitive reached with the error qualifier. */
  static CompileError syntax() {
    return new CompileError("syntax error in filter expression");
  }

  // ---- link-layer set-up (init_linktype) ----

  private void initLinkType(int dlt) {
    outermostLinkType = dlt;
    prevLinkType = dlt;
    linkType = dlt;
    switch (dlt) {
      case LinkTypes.EN10MB -> {
        offLinkType.constant = 12;
        offLinkPl.constant = 14;
        offNl = 0;
        offNlNoSnap = 3;
      }
      case LinkTypes.NULL, LinkTypes.LOOP -> {
        offLinkType.constant = 0;
        offLinkPl.constant = 4;
      }
      case LinkTypes.PPP -> {
        offLinkType.constant = 2;
        offLinkPl.constant = 4;
      }
      case LinkTypes.RAW, LinkTypes.IPV4, LinkTypes.IPV6 -> {
        offLinkType.constant = NOT_SET;
        offLinkPl.constant = 0;
      }
      case LinkTypes.LINUX_SLL -> {
        offLinkType.constant = 14;
        offLinkPl.constant = 16;
      }
      case LinkTypes.LINUX_SLL2 -> {
        offLinkType.constant = 0;
        offLinkPl.constant = 20;
      }
      default -> throw error(LinkTypes.unsupported(dlt));
    }
    offOutermostLinkHdr = offLinkHdr.copy();
    offPrevLinkHdr = offLinkHdr.copy();
  }

  // ---- statements, blocks, registers ----

  static List<Stmt> stmts(Stmt... s) {
    List<Stmt> list = new ArrayList<>(s.length + 4);
    for (Stmt x : s) {
      list.add(x);
    }
    return list;
  }

  static Block block(int code, int k, List<Stmt> stmts) {
    return new Block(code, k, stmts);
  }

  static Block retBlock(int v) {
    return new Block(Bpf.RET | Bpf.K, v);
  }

  int allocReg() {
    for (int n = 16; --n >= 0; ) {
      if (regUsed[curReg]) {
        curReg = (curReg + 1) % 16;
      } else {
        regUsed[curReg] = true;
        return curReg;
      }
    }
    throw error("too many registers needed to evaluate expression");
  }

  void freeReg(int n) {
    regUsed[n] = false;
  }

  // ---- loads ----

  private List<Stmt> absOffsetVarPart(AbsOffset off) {
    if (!off.variable) {
      return null;
    }
    if (off.reg == -1) {
      off.reg = allocReg();
    }
    return stmts(new Stmt(Bpf.LDX | Bpf.MEM, off.reg));
  }

  private List<Stmt> loadAbsOffsetRel(AbsOffset abs, int offset, int size) {
    List<Stmt> s = absOffsetVarPart(abs);
    if (s != null) {
      s.add(new Stmt(Bpf.LD | Bpf.IND | size, abs.constant + offset));
      return s;
    }
    return stmts(new Stmt(Bpf.LD | Bpf.ABS | size, abs.constant + offset));
  }

  /** gen_load_a: load the field at {@code offset} of the header {@code rel} into A. */
  List<Stmt> loadA(OffRel rel, int offset, int size) {
    return switch (rel) {
      case PACKET -> stmts(new Stmt(Bpf.LD | Bpf.ABS | size, offset));
      case LINKHDR -> loadAbsOffsetRel(offLinkHdr, offset, size);
      case PREVLINKHDR -> loadAbsOffsetRel(offPrevLinkHdr, offset, size);
      case LLC -> loadAbsOffsetRel(offLinkPl, offset, size);
      case PREVMPLSHDR -> loadAbsOffsetRel(offLinkPl, offNl - 4 + offset, size);
      case LINKPL -> loadAbsOffsetRel(offLinkPl, offNl + offset, size);
      case LINKPL_NOSNAP -> loadAbsOffsetRel(offLinkPl, offNlNoSnap + offset, size);
      case LINKTYPE -> loadAbsOffsetRel(offLinkType, offset, size);
      case TRAN_IPV4 -> {
        List<Stmt> s = loadXIpHeaderLength();
        s.add(new Stmt(Bpf.LD | Bpf.IND | size, offLinkPl.constant + offNl + offset));
        yield s;
      }
      case TRAN_IPV6 -> loadAbsOffsetRel(offLinkPl, offNl + 40 + offset, size);
    };
  }

  /** X = IPv4 header length (plus the variable part of the payload offset). */
  List<Stmt> loadXIpHeaderLength() {
    List<Stmt> s = absOffsetVarPart(offLinkPl);
    if (s != null) {
      s.add(new Stmt(Bpf.LD | Bpf.IND | Bpf.B, offLinkPl.constant + offNl));
      s.add(new Stmt(Bpf.ALU | Bpf.AND | Bpf.K, 0xf));
      s.add(new Stmt(Bpf.ALU | Bpf.LSH | Bpf.K, 2));
      s.add(new Stmt(Bpf.ALU | Bpf.ADD | Bpf.X));
      s.add(new Stmt(Bpf.MISC | Bpf.TAX));
      return s;
    }
    return stmts(new Stmt(Bpf.LDX | Bpf.MSH | Bpf.B, offLinkPl.constant + offNl));
  }

  /** The statements that put the variable part of {@code off} in X, or null when it has none. */
  List<Stmt> varPart(AbsOffset off) {
    return absOffsetVarPart(off);
  }

  // ---- comparisons ----

  Block ncmp(OffRel rel, int offset, int size, int mask, int jtype, boolean reverse, int v) {
    List<Stmt> s = loadA(rel, offset, size);
    if (mask != 0xffffffff) {
      s.add(new Stmt(Bpf.ALU | Bpf.AND | Bpf.K, mask));
    }
    Block b = block(Bpf.jmp(jtype), v, s);
    if (reverse && (jtype == Bpf.JGT || jtype == Bpf.JGE)) {
      Blocks.not(b);
    }
    return b;
  }

  Block cmp(OffRel rel, int offset, int size, int v) {
    return ncmp(rel, offset, size, 0xffffffff, Bpf.JEQ, false, v);
  }

  Block cmpGt(OffRel rel, int offset, int size, int v) {
    return ncmp(rel, offset, size, 0xffffffff, Bpf.JGT, false, v);
  }

  Block cmpGe(OffRel rel, int offset, int size, int v) {
    return ncmp(rel, offset, size, 0xffffffff, Bpf.JGE, false, v);
  }

  Block cmpLt(OffRel rel, int offset, int size, int v) {
    return ncmp(rel, offset, size, 0xffffffff, Bpf.JGE, true, v);
  }

  Block cmpLe(OffRel rel, int offset, int size, int v) {
    return ncmp(rel, offset, size, 0xffffffff, Bpf.JGT, true, v);
  }

  Block mcmp(OffRel rel, int offset, int size, int v, int mask) {
    return ncmp(rel, offset, size, mask, Bpf.JEQ, false, v);
  }

  /** gen_bcmp: compare {@code size} bytes, last word first. */
  Block bcmp(OffRel rel, int offset, int size, byte[] v) {
    Block b = null;
    while (size >= 4) {
      int p = size - 4;
      int word =
          (v[p] & 0xff) << 24 | (v[p + 1] & 0xff) << 16 | (v[p + 2] & 0xff) << 8 | v[p + 3] & 0xff;
      Block tmp = cmp(rel, offset + size - 4, Bpf.W, word);
      if (b != null) {
        Blocks.and(b, tmp);
      }
      b = tmp;
      size -= 4;
    }
    while (size >= 2) {
      int p = size - 2;
      Block tmp = cmp(rel, offset + size - 2, Bpf.H, (v[p] & 0xff) << 8 | v[p + 1] & 0xff);
      if (b != null) {
        Blocks.and(b, tmp);
      }
      b = tmp;
      size -= 2;
    }
    if (size > 0) {
      Block tmp = cmp(rel, offset, Bpf.B, v[0] & 0xff);
      if (b != null) {
        Blocks.and(b, tmp);
      }
      b = tmp;
    }
    return b;
  }

  Block uncond(boolean rsense) {
    return block(Bpf.jmp(Bpf.JEQ), 0, stmts(new Stmt(Bpf.LD | Bpf.IMM, rsense ? 0 : 1)));
  }

  Block genTrue() {
    return uncond(true);
  }

  Block genFalse() {
    return uncond(false);
  }

  /** gen_ipfrag: the IPv4 fragment offset is 0 (only first fragments carry a transport header). */
  Block ipFrag() {
    Block b = block(Bpf.jmp(Bpf.JSET), 0x1fff, loadA(OffRel.LINKPL, 6, Bpf.H));
    Blocks.not(b);
    return b;
  }

  // ---- link-type tests (gen_linktype and its per-link helpers) ----

  Block linkType(int llProto) {
    if (labelStackDepth > 0) {
      return mplsLinkType(llProto);
    }
    switch (linkType) {
      case LinkTypes.EN10MB:
        return etherLinkType(llProto);
      case LinkTypes.LINUX_SLL:
        return sllLinkType(llProto);
      case LinkTypes.RAW:
        if (llProto == EtherTypes.IP) {
          return mcmp(OffRel.LINKHDR, 0, Bpf.B, 0x40, 0xf0);
        } else if (llProto == EtherTypes.IPV6) {
          return mcmp(OffRel.LINKHDR, 0, Bpf.B, 0x60, 0xf0);
        }
        return genFalse();
      case LinkTypes.IPV4:
        return llProto == EtherTypes.IP ? genTrue() : genFalse();
      case LinkTypes.IPV6:
        return llProto == EtherTypes.IPV6 ? genTrue() : genFalse();
      case LinkTypes.PPP:
        return cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.toPppType(llProto));
      case LinkTypes.NULL:
      case LinkTypes.LOOP:
        if (llProto == EtherTypes.IP) {
          return loopbackLinkType(2);
        } else if (llProto == EtherTypes.IPV6) {
          if (savefile) {
            Block b0 = loopbackLinkType(24);
            Block b1 = loopbackLinkType(28);
            Blocks.or(b0, b1);
            b0 = loopbackLinkType(30);
            Blocks.or(b0, b1);
            return b1;
          }
          return loopbackLinkType(10);
        }
        return genFalse();
      default:
        // LINUX_SLL2 and others with a type field.
        if (offLinkType.constant != NOT_SET) {
          return cmp(OffRel.LINKTYPE, 0, Bpf.H, llProto);
        }
        throw error(LinkTypes.description(linkType) + " link-layer type filtering not implemented");
    }
  }

  private Block loopbackLinkType(int af) {
    int v = af;
    if (linkType == LinkTypes.NULL) {
      v = Integer.reverseBytes(af); // htonl on a little-endian host
    }
    return cmp(OffRel.LINKHDR, 0, Bpf.W, v);
  }

  private Block etherLinkType(int llProto) {
    Block b0;
    Block b1;
    switch (llProto) {
      case Llc.SAP_ISONS, Llc.SAP_IP, Llc.SAP_NETBEUI -> {
        b0 = cmpGt(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.MTU);
        Blocks.not(b0);
        b1 = cmp(OffRel.LLC, 0, Bpf.H, llProto << 8 | llProto);
        Blocks.and(b0, b1);
        return b1;
      }
      case Llc.SAP_IPX -> {
        b0 = cmp(OffRel.LLC, 0, Bpf.B, Llc.SAP_IPX);
        b1 = cmp(OffRel.LLC, 0, Bpf.H, 0xffff);
        Blocks.or(b0, b1);
        b0 = snap(0x000000, EtherTypes.IPX);
        Blocks.or(b0, b1);
        b0 = cmpGt(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.MTU);
        Blocks.not(b0);
        Blocks.and(b0, b1);
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.IPX);
        Blocks.or(b0, b1);
        return b1;
      }
      case EtherTypes.ATALK, EtherTypes.AARP -> {
        b0 = cmpGt(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.MTU);
        Blocks.not(b0);
        return appleTalk(b0, llProto);
      }
      default -> {
        if (Integer.compareUnsigned(llProto, EtherTypes.MTU) <= 0) {
          b0 = cmpGt(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.MTU);
          Blocks.not(b0);
          b1 = cmp(OffRel.LINKTYPE, 2, Bpf.B, llProto);
          Blocks.and(b0, b1);
          return b1;
        }
        return cmp(OffRel.LINKTYPE, 0, Bpf.H, llProto);
      }
    }
  }

  private Block sllLinkType(int llProto) {
    Block b0;
    Block b1;
    switch (llProto) {
      case Llc.SAP_ISONS, Llc.SAP_IP, Llc.SAP_NETBEUI -> {
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.SLL_P_802_2);
        b1 = cmp(OffRel.LLC, 0, Bpf.H, llProto << 8 | llProto);
        Blocks.and(b0, b1);
        return b1;
      }
      case Llc.SAP_IPX -> {
        b0 = cmp(OffRel.LLC, 0, Bpf.B, Llc.SAP_IPX);
        b1 = snap(0x000000, EtherTypes.IPX);
        Blocks.or(b0, b1);
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.SLL_P_802_2);
        Blocks.and(b0, b1);
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.SLL_P_802_3);
        Blocks.or(b0, b1);
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.IPX);
        Blocks.or(b0, b1);
        return b1;
      }
      case EtherTypes.ATALK, EtherTypes.AARP -> {
        b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.SLL_P_802_2);
        return appleTalk(b0, llProto);
      }
      default -> {
        if (Integer.compareUnsigned(llProto, EtherTypes.MTU) <= 0) {
          b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, EtherTypes.SLL_P_802_2);
          b1 = cmp(OffRel.LINKHDR, offLinkPl.constant, Bpf.B, llProto);
          Blocks.and(b0, b1);
          return b1;
        }
        return cmp(OffRel.LINKTYPE, 0, Bpf.H, llProto);
      }
    }
  }

  /**
   * AppleTalk or AARP: {@code isLlc} (an 802.2 frame) and the SNAP header libpcap expects, or the
   * plain type.
   */
  private Block appleTalk(Block isLlc, int llProto) {
    Block b1 =
        llProto == EtherTypes.ATALK
            ? snap(0x080007, EtherTypes.ATALK)
            : snap(0x000000, EtherTypes.AARP);
    Blocks.and(isLlc, b1);
    Block b0 = cmp(OffRel.LINKTYPE, 0, Bpf.H, llProto);
    Blocks.or(b0, b1);
    return b1;
  }

  private Block mplsLinkType(int llProto) {
    int version;
    if (llProto == EtherTypes.IP) {
      version = 0x40;
    } else if (llProto == EtherTypes.IPV6) {
      version = 0x60;
    } else {
      throw error("unsupported protocol over mpls");
    }
    Block b0 = mcmp(OffRel.LINKPL, -2, Bpf.B, 0x01, 0x01);
    Block b1 = mcmp(OffRel.LINKPL, 0, Bpf.B, version, 0xf0);
    Blocks.and(b0, b1);
    return b1;
  }

  /** gen_snap: an 802.2 SNAP header with the given OUI and type. */
  Block snap(int orgCode, int ptype) {
    byte[] b = {
      (byte) Llc.SAP_SNAP,
      (byte) Llc.SAP_SNAP,
      0x03,
      (byte) (orgCode >> 16),
      (byte) (orgCode >> 8),
      (byte) orgCode,
      (byte) (ptype >> 8),
      (byte) ptype
    };
    return bcmp(OffRel.LLC, 0, 8, b);
  }

  /** gen_llc_linktype, for link types whose payload is always 802.2 LLC. */
  Block llcLinkType(int llProto) {
    return switch (llProto) {
      case Llc.SAP_IP, Llc.SAP_ISONS, Llc.SAP_NETBEUI ->
          cmp(OffRel.LLC, 0, Bpf.H, llProto << 8 | llProto);
      case Llc.SAP_IPX -> cmp(OffRel.LLC, 0, Bpf.B, Llc.SAP_IPX);
      case EtherTypes.ATALK -> snap(0x080007, EtherTypes.ATALK);
      default ->
          Integer.compareUnsigned(llProto, EtherTypes.MTU) <= 0
              ? cmp(OffRel.LLC, 0, Bpf.B, llProto)
              : cmp(OffRel.LLC, 6, Bpf.H, llProto);
    };
  }

  /** gen_prevlinkhdr_check: after geneve, that the inner Ethernet header is really there. */
  Block prevLinkHdrCheck() {
    if (!isGeneve) {
      return null;
    }
    List<Stmt> s =
        stmts(
            new Stmt(Bpf.LD | Bpf.MEM, offLinkHdr.reg), new Stmt(Bpf.LDX | Bpf.MEM, offLinkPl.reg));
    Block b = block(Bpf.JMP | Bpf.JEQ | Bpf.X, 0, s);
    Blocks.not(b);
    return b;
  }

  /** A link-layer address test, ANDed after the geneve check when there is one. */
  Block withPrevLinkHdrCheck(java.util.function.Supplier<Block> test) {
    Block check = prevLinkHdrCheck();
    Block b = test.get();
    if (check != null) {
      Blocks.and(check, b);
    }
    return b;
  }
}
