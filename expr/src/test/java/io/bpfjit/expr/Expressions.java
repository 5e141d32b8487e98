package io.bpfjit.expr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random filter expressions from the pcap-filter grammar, for the differential test against
 * libpcap: every primitive family with valid and invalid operands (out-of-range numbers, host bits
 * set, wrong qualifiers), combined with and/or/not/parentheses and bare identifiers that inherit
 * the previous qualifier, plus packet-data arithmetic and a little junk.
 */
final class Expressions {
  private Expressions() {}

  private static Arbitrary<String> oneOf(String... s) {
    return Arbitraries.of(s);
  }

  static Arbitrary<String> number() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0, 300).map(String::valueOf)),
        Tuple.of(3, Arbitraries.integers().between(0, 70000).map(String::valueOf)),
        Tuple.of(1, Arbitraries.longs().between(0, 0x1_0000_0000L).map(String::valueOf)),
        Tuple.of(
            1, Arbitraries.integers().between(0, 0xffff).map(i -> "0x" + Integer.toHexString(i))),
        Tuple.of(1, oneOf("tcpflags", "tcp-syn", "tcp-ack", "icmp-echo", "icmp6-echo", "010")));
  }

  static Arbitrary<String> ipv4() {
    Arbitrary<Integer> octet =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(0, 255)),
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(256, 999)));
    return Arbitraries.frequencyOf(
        Tuple.of(
            6,
            Combinators.combine(octet, octet, octet, octet)
                .as((a, b, c, d) -> a + "." + b + "." + c + "." + d)),
        Tuple.of(
            2, Combinators.combine(octet, octet, octet).as((a, b, c) -> a + "." + b + "." + c)),
        Tuple.of(2, Combinators.combine(octet, octet).as((a, b) -> a + "." + b)));
  }

  static Arbitrary<String> ipv6() {
    Arbitrary<String> group = Arbitraries.integers().between(0, 0xffff).map(Integer::toHexString);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(group, group).as((a, b) -> a + "::" + b)),
        Tuple.of(2, group.map(a -> "fe80::" + a)),
        Tuple.of(1, Arbitraries.just("::")),
        Tuple.of(1, Arbitraries.just("::1")),
        Tuple.of(
            1,
            Combinators.combine(group, group, group, group, group, group, group, group)
                .as(
                    (a, b, c, d, e, f, g, h) ->
                        a + ":" + b + ":" + c + ":" + d + ":" + e + ":" + f + ":" + g + ":" + h)),
        Tuple.of(1, ipv4().map(v -> "::ffff:" + v)),
        Tuple.of(1, Combinators.combine(group, group).as((a, b) -> "2001:db8:" + a + "::" + b)));
  }

  static Arbitrary<String> mac() {
    Arbitrary<String> b = Arbitraries.integers().between(0, 255).map(i -> String.format("%02x", i));
    return Combinators.combine(b.list().ofSize(6), oneOf(":", "-", ".", "colon1"))
        .as(
            (bytes, sep) -> {
              if (sep.equals("colon1")) {
                return String.join(":", bytes.stream().map(x -> x.replaceFirst("^0", "")).toList());
              }
              return String.join(sep, bytes);
            });
  }

  static Arbitrary<String> direction() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("")),
        Tuple.of(2, oneOf("src ", "dst ")),
        Tuple.of(1, oneOf("src or dst ", "dst or src ", "src and dst ", "dst and src ")),
        Tuple.of(1, oneOf("ra ", "ta ", "addr1 ", "addr4 ")));
  }

  static Arbitrary<String> protoQualifier() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("")),
        Tuple.of(4, oneOf("ip ", "ip6 ", "arp ", "rarp ", "tcp ", "udp ", "sctp ")),
        Tuple.of(2, oneOf("ether ", "link ", "decnet ", "icmp ", "iso ", "isis ", "atalk ")));
  }

  static Arbitrary<String> abbreviation() {
    return oneOf(
        "ip", "ip6", "arp", "rarp", "tcp", "udp", "sctp", "icmp", "icmp6", "igmp", "igrp", "pim",
        "vrrp", "carp", "ah", "esp", "atalk", "aarp", "decnet", "lat", "sca", "moprc", "mopdl",
        "iso", "esis", "isis", "clnp", "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp", "stp",
        "ipx", "netbeui", "llc", "radio", "link");
  }

  static Arbitrary<String> port() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.integers().between(0, 65535).map(String::valueOf)),
        Tuple.of(1, Arbitraries.integers().between(65536, 100000).map(String::valueOf)),
        Tuple.of(
            3,
            oneOf(
                "http",
                "domain",
                "ssh",
                "bootps",
                "bootpc",
                "ntp",
                "nfs",
                "https",
                "snmp",
                "telnet",
                "nosuchport")));
  }

  static Arbitrary<String> portRange() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            4,
            Combinators.combine(
                    Arbitraries.integers().between(0, 70000),
                    Arbitraries.integers().between(0, 70000))
                .as((a, b) -> a + "-" + b)),
        Tuple.of(1, oneOf("ftp-data-ssh", "20-domain", "http-https", "ssh-telnet")),
        Tuple.of(1, Arbitraries.integers().between(0, 65535).map(String::valueOf)));
  }

  static Arbitrary<String> hostOperand() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, ipv4()),
        Tuple.of(3, ipv6()),
        Tuple.of(1, mac()),
        Tuple.of(
            1,
            Combinators.combine(ipv4(), Arbitraries.integers().between(0, 33))
                .as((a, l) -> a + "/" + l)),
        Tuple.of(
            1,
            Combinators.combine(ipv6(), Arbitraries.integers().between(0, 129))
                .as((a, l) -> a + "/" + l)),
        Tuple.of(1, Combinators.combine(ipv4(), ipv4()).as((a, m) -> a + " mask " + m)),
        Tuple.of(1, number()),
        Tuple.of(1, oneOf("localhost", "nosuchhost", "loopback")));
  }

  static Arbitrary<String> primitive() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, abbreviation()),
        Tuple.of(
            5,
            Combinators.combine(
                    protoQualifier(), direction(), oneOf("host ", "net ", ""), hostOperand())
                .as((p, d, k, a) -> p + d + k + a)),
        Tuple.of(
            4,
            Combinators.combine(protoQualifier(), direction(), port())
                .as((p, d, n) -> p + d + "port " + n)),
        Tuple.of(
            2,
            Combinators.combine(protoQualifier(), direction(), portRange())
                .as((p, d, n) -> p + d + "portrange " + n)),
        Tuple.of(
            2,
            Combinators.combine(
                    protoQualifier(),
                    Arbitraries.frequencyOf(
                        Tuple.of(3, number()),
                        Tuple.of(
                            1,
                            oneOf(
                                "\\tcp",
                                "\\udp",
                                "\\ip",
                                "\\icmp",
                                "tcp",
                                "esis",
                                "\\ipv6-icmp",
                                "\\foo"))))
                .as((p, n) -> p + "proto " + n)),
        Tuple.of(
            1,
            Combinators.combine(
                    oneOf("", "ip ", "ip6 ", "tcp "), oneOf("6", "17", "58", "\\tcp", "50"))
                .as((p, n) -> p + "protochain " + n)),
        Tuple.of(
            2,
            Combinators.combine(
                    oneOf("ether ", "link ", ""), direction(), oneOf("host ", ""), mac())
                .as((e, d, h, m) -> e + d + h + m)),
        Tuple.of(
            2,
            oneOf(
                "ether broadcast",
                "broadcast",
                "multicast",
                "ether multicast",
                "ip multicast",
                "ip6 multicast",
                "ip broadcast",
                "tcp multicast")),
        Tuple.of(
            3,
            Combinators.combine(
                    oneOf("vlan", "mpls", "pppoes", "geneve", "pppoed"),
                    Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just("")), Tuple.of(2, number().map(n -> " " + n))))
                .as((k, n) -> k.equals("pppoed") ? k : k + n)),
        Tuple.of(2, Combinators.combine(oneOf("less ", "greater "), number()).as((k, n) -> k + n)),
        Tuple.of(
            1,
            Combinators.combine(number(), oneOf("&", "|", "<", ">", "="), number())
                .as((a, o, b) -> "byte " + a + " " + o + " " + b)),
        Tuple.of(5, relation()),
        Tuple.of(1, oneOf("inbound", "outbound", "ifindex 3")),
        Tuple.of(
            1,
            oneOf(
                "llc",
                "llc i",
                "llc s",
                "llc u",
                "llc rr",
                "llc rnr",
                "llc ui",
                "llc xid",
                "llc frmr",
                "llc bogus")),
        Tuple.of(
            1,
            oneOf(
                "gateway foo",
                "type mgt",
                "vpi 1",
                "fisu",
                "on eth0",
                "1 = 2",
                "$01",
                "ip[0:3] = 1",
                "ip[0] / 0 = 1")));
  }

  static Arbitrary<String> relation() {
    return Combinators.combine(arith(2), oneOf("=", "==", "!=", ">", ">=", "<", "<="), arith(1))
        .as((a, r, b) -> a + " " + r + " " + b);
  }

  static Arbitrary<String> arith(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.frequencyOf(
            Tuple.of(3, number()),
            Tuple.of(1, Arbitraries.just("len")),
            Tuple.of(
                4,
                Combinators.combine(
                        oneOf(
                            "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "ether", "link", "arp",
                            "sctp", "igmp", "vrrp", "ppp", "decnet", "radio"),
                        Arbitraries.integers().between(0, 60),
                        oneOf("", ":1", ":2", ":4", ":3"))
                    .as((p, i, s) -> p + "[" + i + s + "]")));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> sub = arith(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(
            3,
            Combinators.combine(sub, oneOf("+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"), sub)
                .as((a, o, b) -> a + " " + o + " " + b)),
        Tuple.of(1, sub.map(a -> "-" + a)),
        Tuple.of(1, sub.map(a -> "(" + a + ")")),
        Tuple.of(
            1,
            Combinators.combine(oneOf("ip", "tcp", "ether", "icmp6"), sub, oneOf("", ":2", ":4"))
                .as((p, i, s) -> p + "[" + i + s + "]")));
  }

  /** After and/or: a term, or a bare identifier that inherits the qualifier before it. */
  static Arbitrary<String> termOrId(int depth) {
    return Arbitraries.frequencyOf(
        Tuple.of(4, expression(depth)),
        Tuple.of(
            1,
            Arbitraries.frequencyOf(
                    Tuple.of(2, ipv4()),
                    Tuple.of(2, port()),
                    Tuple.of(1, ipv6()),
                    Tuple.of(1, mac()))
                .map(x -> x)),
        Tuple.of(1, ipv4().map(x -> "not " + x)),
        Tuple.of(1, Combinators.combine(ipv4(), ipv4()).as((a, b) -> "(" + a + " or " + b + ")")));
  }

  static Arbitrary<String> expression(int depth) {
    if (depth == 0) {
      return primitive();
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, primitive()),
        Tuple.of(
            3,
            Combinators.combine(
                    expression(depth - 1), oneOf("and", "or", "&&", "||"), termOrId(depth - 1))
                .as((a, o, b) -> a + " " + o + " " + b)),
        Tuple.of(1, expression(depth - 1).map(e -> "not " + e)),
        Tuple.of(1, expression(depth - 1).map(e -> "!" + e)),
        Tuple.of(1, expression(depth - 1).map(e -> "(" + e + ")")),
        Tuple.of(
            1,
            Combinators.combine(
                    expression(depth - 1), oneOf(")", "(", "and", "or or", "80 81", "@", "TCP"))
                .as((e, junk) -> e + " " + junk)));
  }
}
