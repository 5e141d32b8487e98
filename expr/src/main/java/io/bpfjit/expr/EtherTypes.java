package io.bpfjit.expr;

/** Ethernet types and the Linux cooked-header protocol values the generator tests. */
final class EtherTypes {
  private EtherTypes() {}

  static final int MTU = 1500;
  static final int PUP = 0x0200;
  static final int IP = 0x0800;
  static final int ARP = 0x0806;
  static final int NS = 0x0600;
  static final int MOPDL = 0x6001;
  static final int MOPRC = 0x6002;
  static final int DN = 0x6003;
  static final int LAT = 0x6004;
  static final int SCA = 0x6007;
  static final int TEB = 0x6558;
  static final int REVARP = 0x8035;
  static final int ATALK = 0x809b;
  static final int AARP = 0x80f3;
  static final int VLAN_8021Q = 0x8100;
  static final int IPX = 0x8137;
  static final int IPV6 = 0x86dd;
  static final int MPLS = 0x8847;
  static final int PPPOED = 0x8863;
  static final int PPPOES = 0x8864;
  static final int VLAN_8021AD = 0x88a8;
  static final int LOOPBACK = 0x9000;
  static final int VLAN_8021QINQ = 0x9100;

  static final int SLL_P_802_3 = 0x0001;
  static final int SLL_P_802_2 = 0x0004;

  static final int PPP_IP = 0x0021;
  static final int PPP_OSI = 0x0023;
  static final int PPP_NS = 0x0025;
  static final int PPP_DECNET = 0x0027;
  static final int PPP_APPLE = 0x0029;
  static final int PPP_IPX = 0x002b;
  static final int PPP_BRPDU = 0x0031;
  static final int PPP_IPV6 = 0x0057;
  static final int PPP_MPLS_UCAST = 0x0281;

  /** ethertype_to_ppptype. */
  static int toPppType(int llProto) {
    return switch (llProto) {
      case IP -> PPP_IP;
      case IPV6 -> PPP_IPV6;
      case DN -> PPP_DECNET;
      case ATALK -> PPP_APPLE;
      case NS -> PPP_NS;
      case Llc.SAP_ISONS -> PPP_OSI;
      case Llc.SAP_8021D -> PPP_BRPDU;
      case Llc.SAP_IPX -> PPP_IPX;
      default -> llProto;
    };
  }
}
