package io.bpfjit.expr;

/** IEEE 802.2 SAPs and LLC control values, and the ISO/IS-IS protocol numbers. */
final class Llc {
  private Llc() {}

  static final int SAP_NULL = 0x00;
  static final int SAP_GLOBAL = 0xff;
  static final int SAP_IP = 0x06;
  static final int SAP_8021D = 0x42;
  static final int SAP_SNAP = 0xaa;
  static final int SAP_IPX = 0xe0;
  static final int SAP_NETBEUI = 0xf0;
  static final int SAP_ISONS = 0xfe;

  static final int ISO8473_CLNP = 0x81;
  static final int ISO9542_ESIS = 0x82;
  static final int ISO10589_ISIS = 0x83;

  static final int ISIS_L1_LAN_IIH = 15;
  static final int ISIS_L2_LAN_IIH = 16;
  static final int ISIS_PTP_IIH = 17;
  static final int ISIS_L1_LSP = 18;
  static final int ISIS_L2_LSP = 20;
  static final int ISIS_L1_CSNP = 24;
  static final int ISIS_L2_CSNP = 25;
  static final int ISIS_L1_PSNP = 26;
  static final int ISIS_L2_PSNP = 27;
}
