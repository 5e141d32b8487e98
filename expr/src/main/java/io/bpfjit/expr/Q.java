package io.bpfjit.expr;

/** Qualifier values (libpcap's {@code Q_} constants) and a qualifier triple. */
final class Q {
  private Q() {}

  // address types
  static final int HOST = 1;
  static final int NET = 2;
  static final int PORT = 3;
  static final int GATEWAY = 4;
  static final int PROTO = 5;
  static final int PROTOCHAIN = 6;
  static final int PORTRANGE = 7;

  // protocols
  static final int LINK = 1;
  static final int IP = 2;
  static final int ARP = 3;
  static final int RARP = 4;
  static final int SCTP = 5;
  static final int TCP = 6;
  static final int UDP = 7;
  static final int ICMP = 8;
  static final int IGMP = 9;
  static final int IGRP = 10;
  static final int ATALK = 11;
  static final int DECNET = 12;
  static final int LAT = 13;
  static final int SCA = 14;
  static final int MOPRC = 15;
  static final int MOPDL = 16;
  static final int IPV6 = 17;
  static final int ICMPV6 = 18;
  static final int AH = 19;
  static final int ESP = 20;
  static final int PIM = 21;
  static final int VRRP = 22;
  static final int AARP = 23;
  static final int ISO = 24;
  static final int ESIS = 25;
  static final int ISIS = 26;
  static final int CLNP = 27;
  static final int STP = 28;
  static final int IPX = 29;
  static final int NETBEUI = 30;
  static final int ISIS_L1 = 31;
  static final int ISIS_L2 = 32;
  static final int ISIS_IIH = 33;
  static final int ISIS_SNP = 34;
  static final int ISIS_CSNP = 35;
  static final int ISIS_PSNP = 36;
  static final int ISIS_LSP = 37;
  static final int RADIO = 38;
  static final int CARP = 39;

  // directions
  static final int SRC = 1;
  static final int DST = 2;
  static final int OR = 3;
  static final int AND = 4;
  static final int ADDR1 = 5;
  static final int ADDR2 = 6;
  static final int ADDR3 = 7;
  static final int ADDR4 = 8;
  static final int RA = 9;
  static final int TA = 10;

  static final int DEFAULT = 0;
  static final int UNDEF = 255;

  /** A qualifier: protocol, direction, address type. */
  record Qual(int proto, int dir, int addr) {
    static final Qual ERR = new Qual(UNDEF, UNDEF, UNDEF);
  }

  /** The protocol keyword's own spelling, for messages ({@code 'tcp' modifier …}). */
  static String protoName(int proto) {
    return switch (proto) {
      case LINK -> "link";
      case IP -> "ip";
      case ARP -> "arp";
      case RARP -> "rarp";
      case SCTP -> "sctp";
      case TCP -> "tcp";
      case UDP -> "udp";
      case ICMP -> "icmp";
      case IGMP -> "igmp";
      case IGRP -> "igrp";
      case ATALK -> "atalk";
      case DECNET -> "decnet";
      case LAT -> "lat";
      case SCA -> "sca";
      case MOPRC -> "moprc";
      case MOPDL -> "mopdl";
      case IPV6 -> "ip6";
      case ICMPV6 -> "icmp6";
      case AH -> "ah";
      case ESP -> "esp";
      case PIM -> "pim";
      case VRRP -> "vrrp";
      case AARP -> "aarp";
      case ISO -> "iso";
      case ESIS -> "esis";
      case ISIS -> "isis";
      case CLNP -> "clnp";
      case STP -> "stp";
      case IPX -> "ipx";
      case NETBEUI -> "netbeui";
      case ISIS_L1 -> "l1";
      case ISIS_L2 -> "l2";
      case ISIS_IIH -> "iih";
      case ISIS_SNP -> "snp";
      case ISIS_CSNP -> "csnp";
      case ISIS_PSNP -> "psnp";
      case ISIS_LSP -> "lsp";
      case RADIO -> "radio";
      case CARP -> "carp";
      default -> "?";
    };
  }
}
