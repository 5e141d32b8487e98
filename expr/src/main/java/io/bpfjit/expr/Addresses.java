package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;

/**
 * Host and network tests: IPv4/ARP/RARP ({@code gen_host}, {@code gen_hostop}), IPv6 ({@code
 * gen_host6}), Ethernet ({@code gen_ehostop}) and DECnet ({@code gen_dnhostop}) addresses.
 */
final class Addresses {
  private final CodeGen g;

  Addresses(CodeGen g) {
    this.g = g;
  }

  static String wlanQualifierError(int dir, String what) {
    return switch (dir) {
      case Q.ADDR1, Q.ADDR2, Q.ADDR3, Q.ADDR4 -> {
        int n = dir - Q.ADDR1 + 1;
        yield "'addr" + n + "' and 'address" + n + "' are not valid qualifiers for " + what;
      }
      case Q.RA -> "'ra' is not a valid qualifier for " + what;
      case Q.TA -> "'ta' is not a valid qualifier for " + what;
      default -> throw new IllegalStateException("direction " + dir);
    };
  }

  private static String etherQualifierError(int dir) {
    return switch (dir) {
      case Q.ADDR1, Q.ADDR2, Q.ADDR3, Q.ADDR4 -> {
        int n = dir - Q.ADDR1 + 1;
        yield "'addr"
            + n
            + "' and 'address"
            + n
            + "' are only supported on 802.11 with 802.11 headers";
      }
      case Q.RA -> "'ra' is only supported on 802.11 with 802.11 headers";
      case Q.TA -> "'ta' is only supported on 802.11 with 802.11 headers";
      default -> throw new IllegalStateException("direction " + dir);
    };
  }

  private interface Op {
    Block at(int dir);
  }

  private static Block both(int dir, Op op, String what) {
    Block b0;
    Block b1;
    switch (dir) {
      case Q.AND:
        b0 = op.at(Q.SRC);
        b1 = op.at(Q.DST);
        Blocks.and(b0, b1);
        return b1;
      case Q.DEFAULT:
      case Q.OR:
        b0 = op.at(Q.SRC);
        b1 = op.at(Q.DST);
        Blocks.or(b0, b1);
        return b1;
      default:
        throw CodeGen.error(
            what == null ? etherQualifierError(dir) : wlanQualifierError(dir, what));
    }
  }

  private static final String NOT_WLAN = "addresses other than 802.11 MAC addresses";

  Block hostOp(int addr, int mask, int dir, int llProto, int srcOff, int dstOff) {
    if (dir != Q.SRC && dir != Q.DST) {
      return both(dir, d -> hostOp(addr, mask, d, llProto, srcOff, dstOff), NOT_WLAN);
    }
    int offset = dir == Q.SRC ? srcOff : dstOff;
    Block b0 = g.linkType(llProto);
    Block b1 = g.mcmp(OffRel.LINKPL, offset, Bpf.W, addr, mask);
    Blocks.and(b0, b1);
    return b1;
  }

  Block hostOp6(int[] addr, int[] mask, int dir, int llProto, int srcOff, int dstOff) {
    if (dir != Q.SRC && dir != Q.DST) {
      return both(dir, d -> hostOp6(addr, mask, d, llProto, srcOff, dstOff), NOT_WLAN);
    }
    int offset = dir == Q.SRC ? srcOff : dstOff;
    Block b1 = g.mcmp(OffRel.LINKPL, offset + 12, Bpf.W, addr[3], mask[3]);
    Block b0 = g.mcmp(OffRel.LINKPL, offset + 8, Bpf.W, addr[2], mask[2]);
    Blocks.and(b0, b1);
    b0 = g.mcmp(OffRel.LINKPL, offset + 4, Bpf.W, addr[1], mask[1]);
    Blocks.and(b0, b1);
    b0 = g.mcmp(OffRel.LINKPL, offset, Bpf.W, addr[0], mask[0]);
    Blocks.and(b0, b1);
    b0 = g.linkType(llProto);
    Blocks.and(b0, b1);
    return b1;
  }

  Block etherHostOp(byte[] eaddr, int dir) {
    return switch (dir) {
      case Q.SRC -> g.bcmp(OffRel.LINKHDR, 6, 6, eaddr);
      case Q.DST -> g.bcmp(OffRel.LINKHDR, 0, 6, eaddr);
      default -> both(dir, d -> etherHostOp(eaddr, d), null);
    };
  }

  Block decnetHostOp(int addr, int dir) {
    int offsetSh;
    int offsetLh;
    switch (dir) {
      case Q.DST -> {
        offsetSh = 1;
        offsetLh = 7;
      }
      case Q.SRC -> {
        offsetSh = 3;
        offsetLh = 15;
      }
      default -> {
        return both(dir, d -> decnetHostOp(addr, d), NOT_WLAN);
      }
    }
    int swapped = Short.toUnsignedInt(Short.reverseBytes((short) addr));
    Block b0 = g.linkType(EtherTypes.DN);
    Block tmp = g.mcmp(OffRel.LINKPL, 2, Bpf.H, 0x8106, 0xff07);
    Block b1 = g.cmp(OffRel.LINKPL, 2 + 1 + offsetLh, Bpf.H, swapped);
    Blocks.and(tmp, b1);
    tmp = g.mcmp(OffRel.LINKPL, 2, Bpf.B, 0x06, 0x07);
    Block b2 = g.cmp(OffRel.LINKPL, 2 + offsetLh, Bpf.H, swapped);
    Blocks.and(tmp, b2);
    Blocks.or(b2, b1);
    tmp = g.mcmp(OffRel.LINKPL, 2, Bpf.H, 0x8102, 0xff07);
    b2 = g.cmp(OffRel.LINKPL, 2 + 1 + offsetSh, Bpf.H, swapped);
    Blocks.and(tmp, b2);
    Blocks.or(b2, b1);
    tmp = g.mcmp(OffRel.LINKPL, 2, Bpf.B, 0x02, 0x07);
    b2 = g.cmp(OffRel.LINKPL, 2 + offsetSh, Bpf.H, swapped);
    Blocks.and(tmp, b2);
    Blocks.or(b2, b1);
    Blocks.and(b0, b1);
    return b1;
  }

  /** gen_host: an IPv4 address under a protocol qualifier. */
  Block host(int addr, int mask, int proto, int dir, int type) {
    String typestr = type == Q.NET ? "net" : "host";
    switch (proto) {
      case Q.DEFAULT:
        {
          Block b0 = host(addr, mask, Q.IP, dir, type);
          if (g.labelStackDepth == 0) {
            Block b1 = host(addr, mask, Q.ARP, dir, type);
            Blocks.or(b0, b1);
            b0 = host(addr, mask, Q.RARP, dir, type);
            Blocks.or(b1, b0);
          }
          return b0;
        }
      case Q.LINK:
        throw CodeGen.error("link-layer modifier applied to " + typestr);
      case Q.IP:
        return hostOp(addr, mask, dir, EtherTypes.IP, 12, 16);
      case Q.RARP:
        return hostOp(addr, mask, dir, EtherTypes.REVARP, 14, 24);
      case Q.ARP:
        return hostOp(addr, mask, dir, EtherTypes.ARP, 14, 24);
      case Q.DECNET:
        return decnetHostOp(addr, dir);
      case Q.ATALK:
        throw CodeGen.error("AppleTalk host filtering not implemented");
      case Q.LAT:
        throw CodeGen.error("LAT host filtering not implemented");
      case Q.SCA:
        throw CodeGen.error("SCA host filtering not implemented");
      case Q.MOPRC:
        throw CodeGen.error("MOPRC host filtering not implemented");
      case Q.MOPDL:
        throw CodeGen.error("MOPDL host filtering not implemented");
      case Q.IPV6:
        throw CodeGen.error("'ip6' modifier applied to ip host");
      case Q.AARP:
        throw CodeGen.error("AARP host filtering not implemented");
      case Q.ISO:
        throw CodeGen.error("ISO host filtering not implemented");
      case Q.IPX:
        throw CodeGen.error("IPX host filtering not implemented");
      default:
        throw CodeGen.error("'" + Q.protoName(proto) + "' modifier applied to " + typestr);
    }
  }

  /** gen_host6: an IPv6 address under a protocol qualifier. */
  Block host6(int[] addr, int[] mask, int proto, int dir, int type) {
    String typestr = type == Q.NET ? "net" : "host";
    return switch (proto) {
      case Q.DEFAULT, Q.IPV6 -> hostOp6(addr, mask, dir, EtherTypes.IPV6, 8, 24);
      case Q.LINK -> throw CodeGen.error("link-layer modifier applied to ip6 " + typestr);
      case Q.ATALK -> throw CodeGen.error("AppleTalk modifier applied to ip6 " + typestr);
      default ->
          throw CodeGen.error("'" + Q.protoName(proto) + "' modifier applied to ip6 " + typestr);
    };
  }
}
