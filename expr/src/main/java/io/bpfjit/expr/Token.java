package io.bpfjit.expr;

/**
 * A token: its kind, its text, the value of a number, and the message of a lexical error (an
 * overflowing number, a bogus MAC or IPv6 address), which libpcap reports when the parser reaches
 * it. {@code start}/{@code end} are offsets into the expression.
 */
record Token(Kind kind, String text, int value, String error, int start, int end) {
  enum Kind {
    DST,
    SRC,
    LINK,
    ARP,
    RARP,
    IP,
    SCTP,
    TCP,
    UDP,
    ICMP,
    IGMP,
    IGRP,
    PIM,
    VRRP,
    CARP,
    RADIO,
    IPV6,
    ICMPV6,
    AH,
    ESP,
    ATALK,
    AARP,
    DECNET,
    LAT,
    SCA,
    MOPRC,
    MOPDL,
    ISO,
    ESIS,
    ISIS,
    L1,
    L2,
    IIH,
    LSP,
    SNP,
    CSNP,
    PSNP,
    CLNP,
    STP,
    IPX,
    NETBEUI,
    HOST,
    NET,
    NETMASK,
    PORT,
    PORTRANGE,
    PROTO,
    PROTOCHAIN,
    GATEWAY,
    TYPE,
    SUBTYPE,
    DIR,
    ADDR1,
    ADDR2,
    ADDR3,
    ADDR4,
    RA,
    TA,
    LESS,
    GREATER,
    CBYTE,
    BROADCAST,
    MULTICAST,
    AND,
    OR,
    NOT,
    LEN,
    INBOUND,
    OUTBOUND,
    IFINDEX,
    VLAN,
    MPLS,
    PPPOED,
    PPPOES,
    GENEVE,
    LLC,
    ATM,
    PF_IFNAME,
    PF_RSET,
    PF_RNR,
    PF_SRNR,
    PF_REASON,
    PF_ACTION,
    SS7,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    PERCENT,
    COLON,
    LBRACK,
    RBRACK,
    LT,
    GT,
    LPAREN,
    RPAREN,
    AMP,
    PIPE,
    CARET,
    EQ,
    GEQ,
    LEQ,
    NEQ,
    LSH,
    RSH,
    AID,
    EID,
    NUM,
    HID,
    HID6,
    ID,
    LEX_ERROR,
    END
  }

  static Kind punct(char c) {
    return switch (c) {
      case '+' -> Kind.PLUS;
      case '-' -> Kind.MINUS;
      case '*' -> Kind.STAR;
      case '/' -> Kind.SLASH;
      case '%' -> Kind.PERCENT;
      case ':' -> Kind.COLON;
      case '[' -> Kind.LBRACK;
      case ']' -> Kind.RBRACK;
      case '!' -> Kind.NOT;
      case '<' -> Kind.LT;
      case '>' -> Kind.GT;
      case '(' -> Kind.LPAREN;
      case ')' -> Kind.RPAREN;
      case '&' -> Kind.AMP;
      case '|' -> Kind.PIPE;
      case '^' -> Kind.CARET;
      case '=' -> Kind.EQ;
      default -> throw new IllegalArgumentException("punctuation " + c);
    };
  }

  static Kind operator(String s) {
    return switch (s) {
      case ">=" -> Kind.GEQ;
      case "<=" -> Kind.LEQ;
      case "!=" -> Kind.NEQ;
      case "==" -> Kind.EQ;
      case "<<" -> Kind.LSH;
      case ">>" -> Kind.RSH;
      default -> throw new IllegalArgumentException("operator " + s);
    };
  }

  /** The protocol qualifier this token names ({@code pname}), or -1. */
  int pname() {
    return switch (kind) {
      case LINK -> Q.LINK;
      case IP -> Q.IP;
      case ARP -> Q.ARP;
      case RARP -> Q.RARP;
      case SCTP -> Q.SCTP;
      case TCP -> Q.TCP;
      case UDP -> Q.UDP;
      case ICMP -> Q.ICMP;
      case IGMP -> Q.IGMP;
      case IGRP -> Q.IGRP;
      case PIM -> Q.PIM;
      case VRRP -> Q.VRRP;
      case CARP -> Q.CARP;
      case ATALK -> Q.ATALK;
      case AARP -> Q.AARP;
      case DECNET -> Q.DECNET;
      case LAT -> Q.LAT;
      case SCA -> Q.SCA;
      case MOPDL -> Q.MOPDL;
      case MOPRC -> Q.MOPRC;
      case IPV6 -> Q.IPV6;
      case ICMPV6 -> Q.ICMPV6;
      case AH -> Q.AH;
      case ESP -> Q.ESP;
      case ISO -> Q.ISO;
      case ESIS -> Q.ESIS;
      case ISIS -> Q.ISIS;
      case L1 -> Q.ISIS_L1;
      case L2 -> Q.ISIS_L2;
      case IIH -> Q.ISIS_IIH;
      case LSP -> Q.ISIS_LSP;
      case SNP -> Q.ISIS_SNP;
      case PSNP -> Q.ISIS_PSNP;
      case CSNP -> Q.ISIS_CSNP;
      case CLNP -> Q.CLNP;
      case STP -> Q.STP;
      case IPX -> Q.IPX;
      case NETBEUI -> Q.NETBEUI;
      case RADIO -> Q.RADIO;
      default -> -1;
    };
  }
}
