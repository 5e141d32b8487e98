package io.bpfjit.expr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Built-in name tables: services and IP protocols as Debian's netbase 6.4 lists them (what tcpdump
 * resolves on the reference machine), and libpcap's own Ethernet-type and LLC names.
 */
final class Names {
  private Names() {}

  private static final Map<String, int[]> SERVICES = load("services.tsv", 2);
  private static final Map<String, int[]> PROTOCOLS = load("protocols.tsv", 1);

  private static Map<String, int[]> load(String resource, int columns) {
    Map<String, int[]> map = new HashMap<>();
    try (InputStream in = Names.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t");
        int[] v = new int[columns];
        for (int i = 0; i < columns; i++) {
          v[i] = Integer.parseInt(f[i + 1]);
        }
        map.putIfAbsent(f[0], v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }

  /** A port name resolved as pcap_nametoport does: {port, ip protocol or PROTO_UNDEF}, or null. */
  static int[] port(String name) {
    if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // getaddrinfo takes a numeric service as the port itself, for tcp and udp alike.
      long n = name.length() > 6 ? Long.MAX_VALUE : Long.parseLong(name);
      return n <= 65535 ? new int[] {(int) n, Protocols.PROTO_UNDEF} : null;
    }
    int[] v = SERVICES.get(name);
    int tcp = v == null ? -1 : v[0];
    int udp = v == null ? -1 : v[1];
    if (tcp >= 0) {
      // A name with different tcp and udp ports is taken as tcp (libpcap warns).
      return new int[] {tcp, udp == tcp ? Protocols.PROTO_UNDEF : Protocols.IPPROTO_TCP};
    }
    if (udp >= 0) {
      return new int[] {udp, Protocols.IPPROTO_UDP};
    }
    if (name.equals("nfs")) {
      return new int[] {2049, Protocols.PROTO_UNDEF};
    }
    return null;
  }

  /** An IP protocol name ({@code getprotobyname}), or PROTO_UNDEF. */
  static int protocol(String name) {
    int[] v = PROTOCOLS.get(name);
    return v == null ? Protocols.PROTO_UNDEF : v[0];
  }

  /**
   * A network name as getnetbyname resolves it from Debian's {@code /etc/networks}, or 0 (unknown;
   * libpcap treats the network 0 as unknown too).
   */
  static int network(String name) {
    return switch (name) {
      case "loopback" -> 0x7f000000;
      case "link-local" -> 0xa9fe0000;
      default -> 0;
    };
  }

  /** libpcap's built-in Ethernet-type names (eproto_db). */
  static int etherProto(String name) {
    return switch (name) {
      case "aarp" -> EtherTypes.AARP;
      case "arp" -> EtherTypes.ARP;
      case "atalk" -> EtherTypes.ATALK;
      case "decnet" -> EtherTypes.DN;
      case "ip" -> EtherTypes.IP;
      case "ip6" -> EtherTypes.IPV6;
      case "lat" -> EtherTypes.LAT;
      case "loopback" -> EtherTypes.LOOPBACK;
      case "mopdl" -> EtherTypes.MOPDL;
      case "moprc" -> EtherTypes.MOPRC;
      case "rarp" -> EtherTypes.REVARP;
      case "sca" -> EtherTypes.SCA;
      default -> Protocols.PROTO_UNDEF;
    };
  }

  /** libpcap's built-in LLC SAP names (llc_db). */
  static int llcProto(String name) {
    return switch (name) {
      case "iso" -> Llc.SAP_ISONS;
      case "stp" -> Llc.SAP_8021D;
      case "ipx" -> Llc.SAP_IPX;
      case "netbeui" -> Llc.SAP_NETBEUI;
      default -> Protocols.PROTO_UNDEF;
    };
  }
}
