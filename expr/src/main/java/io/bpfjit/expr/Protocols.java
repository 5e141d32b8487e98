package io.bpfjit.expr;

import io.bpfjit.expr.CodeGen.OffRel;

/**
 * Protocol tests: the bare abbreviations ({@code tcp}, {@code arp}, {@code l1} …, libpcap's {@code
 * gen_proto_abbrev}) and {@code [ip|ip6|link|iso|isis] proto N} ({@code gen_proto}).
 */
final class Protocols {
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_IGMP = 2;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_IGRP = 9;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_FRAGMENT = 44;
  static final int IPPROTO_ESP = 50;
  static final int IPPROTO_AH = 51;
  static final int IPPROTO_ICMPV6 = 58;
  static final int IPPROTO_PIM = 103;
  static final int IPPROTO_VRRP = 112;
  static final int IPPROTO_CARP = 112;
  static final int IPPROTO_SCTP = 132;
  static final int PROTO_UNDEF = -1;

  private final CodeGen g;

  Protocols(CodeGen g) {
    this.g = g;
  }

  Block abbrev(int proto) {
    Block b0;
    Block b1;
    switch (proto) {
      case Q.SCTP:
        return proto(IPPROTO_SCTP, Q.DEFAULT, Q.DEFAULT);
      case Q.TCP:
        return proto(IPPROTO_TCP, Q.DEFAULT, Q.DEFAULT);
      case Q.UDP:
        return proto(IPPROTO_UDP, Q.DEFAULT, Q.DEFAULT);
      case Q.ICMP:
        return proto(IPPROTO_ICMP, Q.IP, Q.DEFAULT);
      case Q.IGMP:
        return proto(IPPROTO_IGMP, Q.IP, Q.DEFAULT);
      case Q.IGRP:
        return proto(IPPROTO_IGRP, Q.IP, Q.DEFAULT);
      case Q.PIM:
        return proto(IPPROTO_PIM, Q.DEFAULT, Q.DEFAULT);
      case Q.VRRP:
        return proto(IPPROTO_VRRP, Q.IP, Q.DEFAULT);
      case Q.CARP:
        return proto(IPPROTO_CARP, Q.IP, Q.DEFAULT);
      case Q.IP:
        return g.linkType(EtherTypes.IP);
      case Q.ARP:
        return g.linkType(EtherTypes.ARP);
      case Q.RARP:
        return g.linkType(EtherTypes.REVARP);
      case Q.LINK:
        throw CodeGen.error("link layer applied in wrong context");
      case Q.ATALK:
        return g.linkType(EtherTypes.ATALK);
      case Q.AARP:
        return g.linkType(EtherTypes.AARP);
      case Q.DECNET:
        return g.linkType(EtherTypes.DN);
      case Q.SCA:
        return g.linkType(EtherTypes.SCA);
      case Q.LAT:
        return g.linkType(EtherTypes.LAT);
      case Q.MOPDL:
        return g.linkType(EtherTypes.MOPDL);
      case Q.MOPRC:
        return g.linkType(EtherTypes.MOPRC);
      case Q.IPV6:
        return g.linkType(EtherTypes.IPV6);
      case Q.ICMPV6:
        return proto(IPPROTO_ICMPV6, Q.IPV6, Q.DEFAULT);
      case Q.AH:
        return proto(IPPROTO_AH, Q.DEFAULT, Q.DEFAULT);
      case Q.ESP:
        return proto(IPPROTO_ESP, Q.DEFAULT, Q.DEFAULT);
      case Q.ISO:
        return g.linkType(Llc.SAP_ISONS);
      case Q.ESIS:
        return proto(Llc.ISO9542_ESIS, Q.ISO, Q.DEFAULT);
      case Q.ISIS:
        return proto(Llc.ISO10589_ISIS, Q.ISO, Q.DEFAULT);
      case Q.ISIS_L1:
        b0 = isis(Llc.ISIS_L1_LAN_IIH);
        b1 = isis(Llc.ISIS_PTP_IIH);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L1_LSP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L1_CSNP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L1_PSNP);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_L2:
        b0 = isis(Llc.ISIS_L2_LAN_IIH);
        b1 = isis(Llc.ISIS_PTP_IIH);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L2_LSP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L2_CSNP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L2_PSNP);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_IIH:
        b0 = isis(Llc.ISIS_L1_LAN_IIH);
        b1 = isis(Llc.ISIS_L2_LAN_IIH);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_PTP_IIH);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_LSP:
        b0 = isis(Llc.ISIS_L1_LSP);
        b1 = isis(Llc.ISIS_L2_LSP);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_SNP:
        b0 = isis(Llc.ISIS_L1_CSNP);
        b1 = isis(Llc.ISIS_L2_CSNP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L1_PSNP);
        Blocks.or(b0, b1);
        b0 = isis(Llc.ISIS_L2_PSNP);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_CSNP:
        b0 = isis(Llc.ISIS_L1_CSNP);
        b1 = isis(Llc.ISIS_L2_CSNP);
        Blocks.or(b0, b1);
        return b1;
      case Q.ISIS_PSNP:
        b0 = isis(Llc.ISIS_L1_PSNP);
        b1 = isis(Llc.ISIS_L2_PSNP);
        Blocks.or(b0, b1);
        return b1;
      case Q.CLNP:
        return proto(Llc.ISO8473_CLNP, Q.ISO, Q.DEFAULT);
      case Q.STP:
        return g.linkType(Llc.SAP_8021D);
      case Q.IPX:
        return g.linkType(Llc.SAP_IPX);
      case Q.NETBEUI:
        return g.linkType(Llc.SAP_NETBEUI);
      case Q.RADIO:
        throw CodeGen.error("'radio' is not a valid protocol type");
      default:
        throw new IllegalStateException("protocol " + proto);
    }
  }

  private Block isis(int pduType) {
    return proto(pduType, Q.ISIS, Q.DEFAULT);
  }

  /** gen_proto: {@code [qualifier] proto v}. */
  Block proto(int v, int proto, int dir) {
    if (dir != Q.DEFAULT) {
      throw CodeGen.error("direction applied to 'proto'");
    }
    Block b0;
    Block b1;
    switch (proto) {
      case Q.DEFAULT:
        b0 = proto(v, Q.IP, dir);
        b1 = proto(v, Q.IPV6, dir);
        Blocks.or(b0, b1);
        return b1;
      case Q.LINK:
        return g.linkType(v);
      case Q.IP:
        b0 = g.linkType(EtherTypes.IP);
        b1 = g.cmp(OffRel.LINKPL, 9, Bpf.B, v);
        Blocks.and(b0, b1);
        return b1;
      case Q.IPV6:
        b0 = g.linkType(EtherTypes.IPV6);
        Block b2 = g.cmp(OffRel.LINKPL, 6, Bpf.B, IPPROTO_FRAGMENT);
        b1 = g.cmp(OffRel.LINKPL, 40, Bpf.B, v);
        Blocks.and(b2, b1);
        b2 = g.cmp(OffRel.LINKPL, 6, Bpf.B, v);
        Blocks.or(b2, b1);
        Blocks.and(b0, b1);
        return b1;
      case Q.ISO:
        b0 = g.linkType(Llc.SAP_ISONS);
        b1 = g.cmp(OffRel.LINKPL_NOSNAP, 0, Bpf.B, v);
        Blocks.and(b0, b1);
        return b1;
      case Q.ISIS:
        b0 = proto(Llc.ISO10589_ISIS, Q.ISO, Q.DEFAULT);
        b1 = g.cmp(OffRel.LINKPL_NOSNAP, 4, Bpf.B, v);
        Blocks.and(b0, b1);
        return b1;
      default:
        throw CodeGen.error(protoError(proto));
    }
  }

  private static String protoError(int proto) {
    return switch (proto) {
      case Q.ARP -> "arp does not encapsulate another protocol";
      case Q.RARP -> "rarp does not encapsulate another protocol";
      case Q.ATALK -> "AppleTalk encapsulation is not specifiable";
      case Q.DECNET -> "DECNET encapsulation is not specifiable";
      case Q.LAT -> "LAT does not encapsulate another protocol";
      case Q.SCA -> "SCA does not encapsulate another protocol";
      case Q.MOPRC -> "MOPRC does not encapsulate another protocol";
      case Q.MOPDL -> "MOPDL does not encapsulate another protocol";
      case Q.CLNP -> "'clnp proto' is not supported";
      default -> "'" + Q.protoName(proto) + " proto' is bogus";
    };
  }

  /** lookup_proto: a protocol name in the context of a qualifier. */
  int lookup(String name, int proto) {
    switch (proto) {
      case Q.DEFAULT, Q.IP, Q.IPV6 -> {
        int v = Names.protocol(name);
        if (v == PROTO_UNDEF) {
          throw CodeGen.error("unknown ip proto '" + name + "'");
        }
        return v;
      }
      case Q.LINK -> {
        int v = Names.etherProto(name);
        if (v == PROTO_UNDEF) {
          v = Names.llcProto(name);
          if (v == PROTO_UNDEF) {
            throw CodeGen.error("unknown ether proto '" + name + "'");
          }
        }
        return v;
      }
      case Q.ISO -> {
        return switch (name) {
          case "esis" -> Llc.ISO9542_ESIS;
          case "isis" -> Llc.ISO10589_ISIS;
          case "clnp" -> Llc.ISO8473_CLNP;
          default -> throw CodeGen.error("unknown osi proto '" + name + "'");
        };
      }
      default -> {
        return PROTO_UNDEF;
      }
    }
  }
}
