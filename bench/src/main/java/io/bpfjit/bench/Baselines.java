package io.bpfjit.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-written Java for a few corpus filters: the best plain Java a person would write for the same
 * predicate, giving exactly the program's verdict (a read past caplen rejects, as BPF does). They
 * are the JIT's ceiling on the JVM. {@code BaselinesTest} checks each against the interpreter on
 * real packets.
 */
public final class Baselines {
  /** A filter over {@code p[off .. off + cap)}. */
  @FunctionalInterface
  public interface Predicate {
    boolean test(byte[] p, int off, int cap);
  }

  private Baselines() {}

  static int u16(byte[] p, int i) {
    return (p[i] & 0xff) << 8 | p[i + 1] & 0xff;
  }

  static int u32(byte[] p, int i) {
    return (p[i] & 0xff) << 24 | (p[i + 1] & 0xff) << 16 | (p[i + 2] & 0xff) << 8 | p[i + 3] & 0xff;
  }

  /** 001 {@code ip}. */
  static boolean ip(byte[] p, int o, int cap) {
    return cap >= 14 && u16(p, o + 12) == 0x0800;
  }

  /** 006 {@code udp}: IPv4 protocol 17, or IPv6 next header 17 (also after a fragment header). */
  static boolean udp(byte[] p, int o, int cap) {
    if (cap < 14) {
      return false;
    }
    int type = u16(p, o + 12);
    if (type == 0x0800) {
      return cap >= 24 && p[o + 23] == 17;
    }
    if (type != 0x86dd || cap < 21) {
      return false;
    }
    int next = p[o + 20];
    if (next == 17) {
      return true;
    }
    return next == 44 && cap >= 55 && p[o + 54] == 17;
  }

  /** 056 {@code port 80}: TCP, UDP or SCTP source or destination port 80, IPv4 or IPv6. */
  static boolean port80(byte[] p, int o, int cap) {
    if (cap < 14) {
      return false;
    }
    int type = u16(p, o + 12);
    if (type == 0x86dd) {
      if (cap < 21) {
        return false;
      }
      int next = p[o + 20];
      if (next != 6 && next != 17 && next != (byte) 0x84) {
        return false;
      }
      if (cap < 56) {
        return false;
      }
      if (u16(p, o + 54) == 80) {
        return true;
      }
      return cap >= 58 && u16(p, o + 56) == 80;
    }
    if (type != 0x0800 || cap < 24) {
      return false;
    }
    int proto = p[o + 23];
    if (proto != 6 && proto != 17 && proto != (byte) 0x84) {
      return false;
    }
    if (cap < 22 || (u16(p, o + 20) & 0x1fff) != 0) {
      return false;
    }
    int ihl = (p[o + 14] & 0xf) * 4;
    if (cap < ihl + 16) {
      return false;
    }
    if (u16(p, o + ihl + 14) == 80) {
      return true;
    }
    return cap >= ihl + 18 && u16(p, o + ihl + 16) == 80;
  }

  /** 083 {@code tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0} over IPv4. */
  static boolean synNotAck(byte[] p, int o, int cap) {
    if (cap < 24 || u16(p, o + 12) != 0x0800 || p[o + 23] != 6) {
      return false;
    }
    if ((u16(p, o + 20) & 0x1fff) != 0) {
      return false;
    }
    int flags = (p[o + 14] & 0xf) * 4 + 27;
    if (cap < flags + 1) {
      return false;
    }
    return (p[o + flags] & 0x12) == 0x02;
  }

  /** 160 {@code vlan and ip}. */
  static boolean vlanIp(byte[] p, int o, int cap) {
    if (cap < 14) {
      return false;
    }
    int type = u16(p, o + 12);
    if (type != 0x8100 && type != 0x88a8 && type != 0x9100) {
      return false;
    }
    return cap >= 18 && u16(p, o + 16) == 0x0800;
  }

  /** 184 {@code host a or host b or ...}: IPv4 source/destination, ARP/RARP sender/target. */
  static Predicate hosts(String expr) {
    Matcher m = Pattern.compile("host (\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)").matcher(expr);
    int[] set = new int[0];
    while (m.find()) {
      int a = 0;
      for (int g = 1; g <= 4; g++) {
        a = a << 8 | Integer.parseInt(m.group(g));
      }
      set = Arrays.copyOf(set, set.length + 1);
      set[set.length - 1] = a;
    }
    int[] hosts = set.clone();
    Arrays.sort(hosts);
    return (p, o, cap) -> {
      if (cap < 14) {
        return false;
      }
      int type = u16(p, o + 12);
      int src;
      int dst;
      if (type == 0x0800) {
        src = 26;
        dst = 30;
      } else if (type == 0x0806 || type == 0x8035) {
        src = 28;
        dst = 38;
      } else {
        return false;
      }
      if (cap < src + 4) {
        return false;
      }
      if (Arrays.binarySearch(hosts, u32(p, o + src)) >= 0) {
        return true;
      }
      return cap >= dst + 4 && Arrays.binarySearch(hosts, u32(p, o + dst)) >= 0;
    };
  }

  /** The baselines by corpus id (the 184 one built from its expression). */
  public static Map<String, Predicate> forCorpus(Map<String, String> exprById) {
    return Map.of(
        "001", Baselines::ip,
        "006", Baselines::udp,
        "056", Baselines::port80,
        "083", Baselines::synNotAck,
        "160", Baselines::vlanIp,
        "184", hosts(exprById.getOrDefault("184", "")));
  }
}
