package io.bpfjit.capture.internal;

import io.bpfjit.capture.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates a varied Ethernet capture from a seed: IPv4 and IPv6 with TCP (all flag mixes), UDP
 * (DNS, NTP, random ports), ICMP and ICMPv6, ARP, 802.1Q-tagged IPv4, IPv4 fragments, and about 5%
 * of frames truncated at a random point (caplen &lt; wirelen). Deterministic for a given seed.
 */
public final class SampleTraffic {
  /** DLT_EN10MB. */
  public static final int ETHERNET = 1;

  private SampleTraffic() {}

  /** Writes {@code count} packets to {@code file} (atomically). */
  public static void write(Path file, int count, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    long ts = 1_700_000_000_000_000_000L;
    try (PcapWriter w = new PcapWriter(file, ETHERNET, 262144, false)) {
      for (int i = 0; i < count; i++) {
        byte[] p = frame(r);
        int cap = p.length;
        if (r.nextInt(20) == 0) {
          cap = r.nextInt(p.length);
        }
        ts += 1000 + r.nextInt(1_000_000);
        w.write(p, 0, cap, p.length, ts);
      }
      w.commit();
    }
  }

  /** One frame. */
  static byte[] frame(SplittableRandom r) {
    int kind = r.nextInt(100);
    if (kind < 6) {
      return arp(r);
    }
    boolean vlan = kind < 14;
    boolean v6 = kind >= 70;
    int proto;
    int pick = r.nextInt(10);
    if (pick < 5) {
      proto = 6;
    } else if (pick < 9) {
      proto = 17;
    } else {
      proto = v6 ? 58 : 1;
    }
    int payload = r.nextInt(10) < 7 ? r.nextInt(64) : r.nextInt(1400);
    int l4 = proto == 6 ? 20 : 8;
    int l3 = v6 ? 40 : 20;
    int l2 = vlan ? 18 : 14;
    byte[] p = new byte[l2 + l3 + l4 + payload];
    mac(r, p, 0);
    mac(r, p, 6);
    int at = 12;
    if (vlan) {
      put16(p, 12, 0x8100);
      put16(p, 14, r.nextInt(4096));
      at = 16;
    }
    put16(p, at, v6 ? 0x86dd : 0x0800);
    int ip = at + 2;
    if (v6) {
      p[ip] = 0x60;
      put16(p, ip + 4, l4 + payload);
      p[ip + 6] = (byte) proto;
      p[ip + 7] = 64;
      p[ip + 8] = 0x20;
      p[ip + 9] = 0x01;
      p[ip + 10] = 0x0d;
      p[ip + 11] = (byte) 0xb8;
      for (int i = 12; i < 40; i++) {
        p[ip + i] = (byte) (i < 24 ? 0 : r.nextInt(256));
      }
    } else {
      p[ip] = 0x45;
      put16(p, ip + 2, l3 + l4 + payload);
      if (r.nextInt(25) == 0) {
        put16(p, ip + 6, 0x2000 | r.nextInt(0x200)); // a fragment
      }
      p[ip + 8] = 64;
      p[ip + 9] = (byte) proto;
      p[ip + 12] = 10;
      p[ip + 13] = (byte) r.nextInt(4);
      p[ip + 14] = (byte) r.nextInt(256);
      p[ip + 15] = (byte) (1 + r.nextInt(254));
      p[ip + 16] = (byte) (r.nextBoolean() ? 192 : 10);
      p[ip + 17] = (byte) 168;
      p[ip + 18] = (byte) r.nextInt(4);
      p[ip + 19] = (byte) (1 + r.nextInt(254));
    }
    int t = ip + l3;
    int[] ports = {80, 443, 53, 123, 22, 8080, 67, 68};
    int sport = r.nextBoolean() ? ports[r.nextInt(ports.length)] : 1024 + r.nextInt(60000);
    int dport = r.nextBoolean() ? ports[r.nextInt(ports.length)] : 1024 + r.nextInt(60000);
    if (proto == 6 || proto == 17) {
      put16(p, t, sport);
      put16(p, t + 2, dport);
    }
    if (proto == 6) {
      p[t + 12] = 0x50;
      int[] flags = {0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x01, 0xc2};
      p[t + 13] = (byte) flags[r.nextInt(flags.length)];
    } else if (proto == 17) {
      put16(p, t + 4, l4 + payload);
    } else {
      p[t] = (byte) (r.nextBoolean() ? 8 : 0);
    }
    for (int i = t + l4; i < p.length; i++) {
      p[i] = (byte) r.nextInt(256);
    }
    return p;
  }

  private static byte[] arp(SplittableRandom r) {
    byte[] p = new byte[42];
    mac(r, p, 6);
    for (int i = 0; i < 6; i++) {
      p[i] = (byte) 0xff;
    }
    put16(p, 12, 0x0806);
    put16(p, 14, 1);
    put16(p, 16, 0x0800);
    p[18] = 6;
    p[19] = 4;
    put16(p, 20, 1 + r.nextInt(2));
    for (int i = 22; i < 42; i++) {
      p[i] = (byte) r.nextInt(256);
    }
    return p;
  }

  private static void mac(SplittableRandom r, byte[] p, int at) {
    for (int i = 0; i < 6; i++) {
      p[at + i] = (byte) r.nextInt(256);
    }
    p[at] &= (byte) 0xfe;
  }

  private static void put16(byte[] p, int at, int v) {
    p[at] = (byte) (v >>> 8);
    p[at + 1] = (byte) v;
  }
}
