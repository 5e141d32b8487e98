package io.bpfjit.expr;

import io.bpfjit.expr.Q.Qual;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * An identifier under its qualifier: a name ({@code gen_scode}), a number or dotted address ({@code
 * gen_ncode}), an address with a mask ({@code gen_mcode}, {@code gen_mcode6}), a MAC address
 * ({@code gen_ecode}).
 */
final class Identifiers {
  private final CodeGen g;
  private final Addresses addresses;
  private final Ports ports;
  private final Protocols protocols;

  Identifiers(CodeGen g, Addresses addresses, Ports ports, Protocols protocols) {
    this.g = g;
    this.addresses = addresses;
    this.ports = ports;
    this.protocols = protocols;
  }

  Block name(String name, Qual q) {
    int proto = q.proto();
    int dir = q.dir();
    switch (q.addr()) {
      case Q.NET:
        {
          int addr = Names.network(name);
          if (addr == 0) {
            throw CodeGen.error("unknown network '" + name + "'");
          }
          int mask = 0xffffffff;
          while (addr != 0 && (addr & 0xff000000) == 0) {
            addr <<= 8;
            mask <<= 8;
          }
          return addresses.host(addr, mask, proto, dir, q.addr());
        }
      case Q.DEFAULT:
      case Q.HOST:
        if (proto == Q.LINK) {
          if (g.linkType == LinkTypes.EN10MB) {
            byte[] mac = g.options.resolver().etherHost(name);
            if (mac == null) {
              throw CodeGen.error("unknown ether host '" + name + "'");
            }
            return g.withPrevLinkHdrCheck(() -> addresses.etherHostOp(mac, dir));
          }
          throw CodeGen.error(
              "only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level"
                  + " host name");
        } else if (proto == Q.DECNET) {
          throw CodeGen.error(
              "decnet name support not included, '" + name + "' cannot be translated\n");
        }
        return hostName(name, proto, dir, q.addr());
      case Q.PORT:
        {
          if (proto != Q.DEFAULT && proto != Q.UDP && proto != Q.TCP && proto != Q.SCTP) {
            throw CodeGen.error("illegal qualifier of 'port'");
          }
          int[] pp = Names.port(name);
          if (pp == null) {
            throw CodeGen.error("unknown port '" + name + "'");
          }
          int realProto = narrow(proto, pp[1], "port '" + name + "'");
          if (pp[0] > 65535) {
            throw CodeGen.error("illegal port number " + pp[0] + " > 65535");
          }
          return ports.port(pp[0], realProto, dir);
        }
      case Q.PORTRANGE:
        {
          if (proto != Q.DEFAULT && proto != Q.UDP && proto != Q.TCP && proto != Q.SCTP) {
            throw CodeGen.error("illegal qualifier of 'portrange'");
          }
          int[] r = portRange(name);
          if (r == null) {
            throw CodeGen.error("unknown port in range '" + name + "'");
          }
          int realProto = narrow(proto, r[2], "port in range '" + name + "'");
          for (int i = 0; i < 2; i++) {
            if (r[i] < 0) {
              throw CodeGen.error("illegal port number " + r[i] + " < 0");
            }
            if (r[i] > 65535) {
              throw CodeGen.error("illegal port number " + r[i] + " > 65535");
            }
          }
          return ports.portRange(r[0], r[1], realProto, dir);
        }
      case Q.GATEWAY:
        throw CodeGen.error("'gateway' not supported in this configuration");
      case Q.PROTO:
        {
          int real = protocols.lookup(name, proto);
          if (real >= 0) {
            return protocols.proto(real, proto, dir);
          }
          throw CodeGen.error("unknown protocol: " + name);
        }
      case Q.PROTOCHAIN:
        {
          int real = protocols.lookup(name, proto);
          if (real >= 0) {
            return protochain(real, proto);
          }
          throw CodeGen.error("unknown protocol: " + name);
        }
      case Q.UNDEF:
        throw CodeGen.syntax();
      default:
        throw new IllegalStateException("address qualifier " + q.addr());
    }
  }

  private static int narrow(int proto, int realProto, String what) {
    if (proto == Q.UDP) {
      if (realProto == Protocols.IPPROTO_TCP) {
        throw CodeGen.error(what + " is tcp");
      } else if (realProto == Protocols.IPPROTO_SCTP) {
        throw CodeGen.error(what + " is sctp");
      }
      return Protocols.IPPROTO_UDP;
    }
    if (proto == Q.TCP) {
      if (realProto == Protocols.IPPROTO_UDP) {
        throw CodeGen.error(what + " is udp");
      } else if (realProto == Protocols.IPPROTO_SCTP) {
        throw CodeGen.error(what + " is sctp");
      }
      return Protocols.IPPROTO_TCP;
    }
    if (proto == Q.SCTP) {
      if (realProto == Protocols.IPPROTO_UDP) {
        throw CodeGen.error(what + " is udp");
      } else if (realProto == Protocols.IPPROTO_TCP) {
        throw CodeGen.error(what + " is tcp");
      }
      return Protocols.IPPROTO_SCTP;
    }
    return realProto;
  }

  /** pcap_nametoportrange: {@code N-M} numerically, else two names split at the first '-'. */
  static int[] portRange(String name) {
    int[] numeric = scanDashPair(name);
    if (numeric != null) {
      return new int[] {numeric[0], numeric[1], Protocols.PROTO_UNDEF};
    }
    int dash = name.indexOf('-');
    if (dash < 0) {
      return null;
    }
    int[] p1 = Names.port(name.substring(0, dash));
    if (p1 == null) {
      return null;
    }
    int[] p2 = Names.port(name.substring(dash + 1));
    if (p2 == null) {
      return null;
    }
    return new int[] {p1[0], p2[0], p1[1] != p2[1] ? Protocols.PROTO_UNDEF : p2[1]};
  }

  /** sscanf("%d-%d"): two decimal integers (optional sign) around a dash; rest ignored. */
  private static int[] scanDashPair(String s) {
    int[] pos = {0};
    Long a = scanInt(s, pos);
    if (a == null || pos[0] >= s.length() || s.charAt(pos[0]) != '-') {
      return null;
    }
    pos[0]++;
    Long b = scanInt(s, pos);
    if (b == null) {
      return null;
    }
    return new int[] {(int) (long) a, (int) (long) b};
  }

  private static Long scanInt(String s, int[] pos) {
    int i = pos[0];
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    boolean neg = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    int start = i;
    long v = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      v = v * 10 + (s.charAt(i) - '0');
      if (v > 0xffffffffL) {
        v = 0xffffffffL;
      }
      i++;
    }
    if (i == start) {
      return null;
    }
    pos[0] = i;
    return neg ? -v : v;
  }

  private Block hostName(String name, int proto, int dir, int addrQual) {
    List<InetAddress> addrs = g.options.resolver().hosts(name);
    if (addrs == null || addrs.isEmpty()) {
      throw CodeGen.error("unknown host '" + name + "'");
    }
    int tproto = proto;
    int tproto6 = proto;
    if (g.offLinkType.constant == CodeGen.NOT_SET && tproto == Q.DEFAULT) {
      tproto = Q.IP;
      tproto6 = Q.IPV6;
    }
    Block b = null;
    for (InetAddress a : addrs) {
      Block tmp;
      if (a instanceof Inet4Address) {
        if (tproto == Q.IPV6) {
          continue;
        }
        byte[] x = a.getAddress();
        tmp = addresses.host(word(x, 0), 0xffffffff, tproto, dir, addrQual);
      } else if (a instanceof Inet6Address) {
        if (tproto6 == Q.IP) {
          continue;
        }
        byte[] x = a.getAddress();
        int[] w = {word(x, 0), word(x, 4), word(x, 8), word(x, 12)};
        int[] m = {-1, -1, -1, -1};
        tmp = addresses.host6(w, m, tproto6, dir, addrQual);
      } else {
        continue;
      }
      if (b != null) {
        Blocks.or(b, tmp);
      }
      b = tmp;
    }
    if (b == null) {
      throw CodeGen.error(
          "unknown host '"
              + name
              + "'"
              + (proto == Q.DEFAULT ? "" : " for specified address family"));
    }
    return b;
  }

  static int word(byte[] x, int i) {
    return (x[i] & 0xff) << 24 | (x[i + 1] & 0xff) << 16 | (x[i + 2] & 0xff) << 8 | x[i + 3] & 0xff;
  }

  /** __pcap_atoin: dotted decimal, 1–4 parts; returns {value, bits} or null. */
  static long[] atoin(String s) {
    long addr = 0;
    int len = 0;
    int i = 0;
    while (true) {
      long n = 0;
      while (i < s.length() && s.charAt(i) != '.') {
        if (n > 25) {
          return null;
        }
        n = (n * 10 + (s.charAt(i++) - '0')) & 0xffffffffL;
      }
      if (n > 255) {
        return null;
      }
      addr = (addr << 8 | (n & 0xff)) & 0xffffffffL;
      len += 8;
      if (i >= s.length()) {
        return new long[] {addr, len};
      }
      i++;
    }
  }

  /** gen_ncode: a number (s == null) or a dotted address under a qualifier. */
  Block number(String s, int v, Qual q) {
    int proto = q.proto();
    int dir = q.dir();
    int vlen;
    if (s == null) {
      vlen = 32;
    } else if (q.proto() == Q.DECNET) {
      long[] dn = atodn(s);
      if (dn == null) {
        throw CodeGen.error("malformed decnet address '" + s + "'");
      }
      v = (int) dn[0];
      vlen = 32;
    } else {
      long[] a = atoin(s);
      if (a == null) {
        throw CodeGen.error("invalid IPv4 address '" + s + "'");
      }
      v = (int) a[0];
      vlen = (int) a[1];
    }
    switch (q.addr()) {
      case Q.DEFAULT:
      case Q.HOST:
      case Q.NET:
        if (proto == Q.DECNET) {
          return addresses.host(v, 0, proto, dir, q.addr());
        } else if (proto == Q.LINK) {
          throw CodeGen.error("illegal link layer address");
        } else {
          int mask = 0xffffffff;
          if (s == null && q.addr() == Q.NET) {
            while (v != 0 && (v & 0xff000000) == 0) {
              v <<= 8;
              mask <<= 8;
            }
          } else {
            v = shiftLeft(v, 32 - vlen);
            mask = shiftLeft(mask, 32 - vlen);
          }
          return addresses.host(v, mask, proto, dir, q.addr());
        }
      case Q.PORT:
      case Q.PORTRANGE:
        {
          boolean range = q.addr() == Q.PORTRANGE;
          int ipProto;
          if (proto == Q.UDP) {
            ipProto = Protocols.IPPROTO_UDP;
          } else if (proto == Q.TCP) {
            ipProto = Protocols.IPPROTO_TCP;
          } else if (proto == Q.SCTP) {
            ipProto = Protocols.IPPROTO_SCTP;
          } else if (proto == Q.DEFAULT) {
            ipProto = Protocols.PROTO_UNDEF;
          } else {
            throw CodeGen.error("illegal qualifier of '" + (range ? "portrange" : "port") + "'");
          }
          if (Integer.compareUnsigned(v, 65535) > 0) {
            throw CodeGen.error("illegal port number " + Integer.toUnsignedString(v) + " > 65535");
          }
          return range ? ports.portRange(v, v, ipProto, dir) : ports.port(v, ipProto, dir);
        }
      case Q.GATEWAY:
        throw CodeGen.error("'gateway' requires a name");
      case Q.PROTO:
        return protocols.proto(v, proto, dir);
      case Q.PROTOCHAIN:
        return protochain(v, proto);
      case Q.UNDEF:
        throw CodeGen.syntax();
      default:
        throw new IllegalStateException("address qualifier " + q.addr());
    }
  }

  /** A C shift by 32 or more is undefined; x86 uses the count mod 32. */
  private static int shiftLeft(int v, int n) {
    return v << (n & 31);
  }

  private Block protochain(int v, int proto) {
    return new Protochain(g).generate(v, proto);
  }

  /** __pcap_atodn: "area.node". */
  static long[] atodn(String s) {
    int dot = s.indexOf('.');
    if (dot < 0) {
      return null;
    }
    int[] pos = {0};
    Long area = scanInt(s, pos);
    if (area == null || pos[0] != dot) {
      return null;
    }
    pos[0] = dot + 1;
    Long node = scanInt(s, pos);
    if (node == null) {
      return null;
    }
    long addr = (area << 10) & 0xfc00;
    addr |= node & 0x3ff;
    return new long[] {addr};
  }

  /** gen_mcode: {@code A.B.C.D/len} or {@code A.B.C.D mask M.M.M.M}. */
  Block masked(String s1, String s2, int masklen, Qual q) {
    long[] a = atoin(s1);
    if (a == null) {
      throw CodeGen.error("invalid IPv4 address '" + s1 + "'");
    }
    int n = shiftLeft((int) a[0], 32 - (int) a[1]);
    int m;
    if (s2 != null) {
      long[] b = atoin(s2);
      if (b == null) {
        throw CodeGen.error("invalid IPv4 address '" + s2 + "'");
      }
      m = shiftLeft((int) b[0], 32 - (int) b[1]);
      if ((n & ~m) != 0) {
        throw CodeGen.error("non-network bits set in \"" + s1 + " mask " + s2 + "\"");
      }
    } else {
      if (Integer.compareUnsigned(masklen, 32) > 0) {
        throw CodeGen.error("mask length must be <= 32");
      }
      m = masklen == 0 ? 0 : 0xffffffff << (32 - masklen);
      if ((n & ~m) != 0) {
        throw CodeGen.error("non-network bits set in \"" + s1 + "/" + masklen + "\"");
      }
    }
    if (q.addr() == Q.NET) {
      return addresses.host(n, m, q.proto(), q.dir(), q.addr());
    }
    throw CodeGen.error("Mask syntax for networks only");
  }

  /** gen_mcode6: an IPv6 address with a prefix length. */
  Block masked6(String s1, int masklen, Qual q) {
    byte[] addr = Ipv6.parse(s1);
    if (addr == null) {
      throw CodeGen.error("invalid ip6 address " + s1);
    }
    if (Integer.compareUnsigned(masklen, 128) > 0) {
      throw CodeGen.error("mask length must be <= 128");
    }
    byte[] mask = new byte[16];
    for (int i = 0; i < masklen / 8; i++) {
      mask[i] = (byte) 0xff;
    }
    if (masklen % 8 != 0) {
      mask[masklen / 8] = (byte) ((0xff << (8 - masklen % 8)) & 0xff);
    }
    int[] a = new int[4];
    int[] m = new int[4];
    boolean hostBits = false;
    for (int i = 0; i < 4; i++) {
      a[i] = word(addr, 4 * i);
      m[i] = word(mask, 4 * i);
      hostBits |= (a[i] & ~m[i]) != 0;
    }
    if (hostBits) {
      throw CodeGen.error("non-network bits set in \"" + s1 + "/" + masklen + "\"");
    }
    switch (q.addr()) {
      case Q.DEFAULT:
      case Q.HOST:
        if (masklen != 128) {
          throw CodeGen.error("Mask syntax for networks only");
        }
        return addresses.host6(a, m, q.proto(), q.dir(), q.addr());
      case Q.NET:
        return addresses.host6(a, m, q.proto(), q.dir(), q.addr());
      default:
        throw CodeGen.error("invalid qualifier against IPv6 address");
    }
  }

  /** gen_ecode: a MAC address. */
  Block ether(String s, Qual q) {
    if ((q.addr() == Q.HOST || q.addr() == Q.DEFAULT) && q.proto() == Q.LINK) {
      if (g.linkType != LinkTypes.EN10MB) {
        throw CodeGen.error(
            "ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre"
                + " Channel");
      }
      byte[] mac = etherAton(s);
      return g.withPrevLinkHdrCheck(() -> addresses.etherHostOp(mac, q.dir()));
    }
    throw CodeGen.error("ethernet address used in non-ether expression");
  }

  /** pcap_ether_aton. */
  static byte[] etherAton(String s) {
    byte[] e = new byte[6];
    int ep = 0;
    int i = 0;
    while (i < s.length() && ep < 6) {
      char c = s.charAt(i);
      if (c == ':' || c == '.' || c == '-') {
        i++;
      }
      int d = Character.digit(s.charAt(i++), 16);
      if (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
        d = d << 4 | Character.digit(s.charAt(i++), 16);
      }
      e[ep++] = (byte) d;
    }
    return e;
  }
}
