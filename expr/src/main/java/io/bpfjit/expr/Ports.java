package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;

/**
 * {@code [tcp|udp|sctp] [dir] port N} and {@code portrange A-B} over IPv4 (first fragments, the
 * transport header found through the IHL) and IPv6 (fixed offset 40), as libpcap's {@code
 * gen_port}, {@code gen_port6}, {@code gen_portrange} and {@code gen_portrange6}.
 */
final class Ports {
  private final CodeGen g;

  Ports(CodeGen g) {
    this.g = g;
  }

  /** Both families: IPv4's test ORed into IPv6's, as gen_scode/gen_ncode do. */
  Block port(int port, int ipProto, int dir) {
    Block b = port4(port, ipProto, dir);
    Blocks.or(port6(port, ipProto, dir), b);
    return b;
  }

  Block portRange(int p1, int p2, int ipProto, int dir) {
    Block b = range4(p1, p2, ipProto, dir);
    Blocks.or(range6(p1, p2, ipProto, dir), b);
    return b;
  }

  private interface Atom {
    Block at(int off);
  }

  private static Block directed(int dir, Atom atom, String what) {
    Block tmp;
    Block b1;
    switch (dir) {
      case Q.SRC:
        return atom.at(0);
      case Q.DST:
        return atom.at(2);
      case Q.AND:
        tmp = atom.at(0);
        b1 = atom.at(2);
        Blocks.and(tmp, b1);
        return b1;
      case Q.DEFAULT:
      case Q.OR:
        tmp = atom.at(0);
        b1 = atom.at(2);
        Blocks.or(tmp, b1);
        return b1;
      default:
        throw CodeGen.error(Addresses.wlanQualifierError(dir, what));
    }
  }

  private Block portOp4(int port, int proto, int dir) {
    Block tmp = g.cmp(OffRel.LINKPL, 9, Bpf.B, proto);
    Block b0 = g.ipFrag();
    Blocks.and(tmp, b0);
    Block b1 = directed(dir, off -> g.cmp(OffRel.TRAN_IPV4, off, Bpf.H, port), "ports");
    Blocks.and(b0, b1);
    return b1;
  }

  private Block portOp6(int port, int proto, int dir) {
    Block b0 = g.cmp(OffRel.LINKPL, 6, Bpf.B, proto);
    Block b1 = directed(dir, off -> g.cmp(OffRel.TRAN_IPV6, off, Bpf.H, port), "ports");
    Blocks.and(b0, b1);
    return b1;
  }

  private Block rangeOp4(int p1, int p2, int proto, int dir) {
    Block tmp = g.cmp(OffRel.LINKPL, 9, Bpf.B, proto);
    Block b0 = g.ipFrag();
    Blocks.and(tmp, b0);
    Block b1 = directed(dir, off -> rangeAtom(OffRel.TRAN_IPV4, off, p1, p2), "port ranges");
    Blocks.and(b0, b1);
    return b1;
  }

  private Block rangeOp6(int p1, int p2, int proto, int dir) {
    Block b0 = g.cmp(OffRel.LINKPL, 6, Bpf.B, proto);
    Block b1 = directed(dir, off -> rangeAtom(OffRel.TRAN_IPV6, off, p1, p2), "port ranges");
    Blocks.and(b0, b1);
    return b1;
  }

  private Block rangeAtom(OffRel rel, int off, int v1, int v2) {
    if (Integer.compareUnsigned(v1, v2) > 0) {
      int t = v1;
      v1 = v2;
      v2 = t;
    }
    Block b1 = g.cmpGe(rel, off, Bpf.H, v1);
    Block b2 = g.cmpLe(rel, off, Bpf.H, v2);
    Blocks.and(b1, b2);
    return b2;
  }

  private interface Op {
    Block gen(int proto);
  }

  private Block perProtocol(int family, int ipProto, Op op) {
    Block b0 = g.linkType(family);
    Block b1;
    if (ipProto == Protocols.PROTO_UNDEF) {
      Block tmp = op.gen(Protocols.IPPROTO_TCP);
      b1 = op.gen(Protocols.IPPROTO_UDP);
      Blocks.or(tmp, b1);
      tmp = op.gen(Protocols.IPPROTO_SCTP);
      Blocks.or(tmp, b1);
    } else {
      b1 = op.gen(ipProto);
    }
    Blocks.and(b0, b1);
    return b1;
  }

  Block port4(int port, int ipProto, int dir) {
    return perProtocol(EtherTypes.IP, ipProto, p -> portOp4(port, p, dir));
  }

  Block port6(int port, int ipProto, int dir) {
    return perProtocol(EtherTypes.IPV6, ipProto, p -> portOp6(port, p, dir));
  }

  private Block range4(int p1, int p2, int ipProto, int dir) {
    return perProtocol(EtherTypes.IP, ipProto, p -> rangeOp4(p1, p2, p, dir));
  }

  private Block range6(int p1, int p2, int ipProto, int dir) {
    return perProtocol(EtherTypes.IPV6, ipProto, p -> rangeOp6(p1, p2, p, dir));
  }
}
