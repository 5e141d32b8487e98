package io.bpfjit.expr;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The data-link types (libpcap's {@code DLT_} values) the expression compiler generates code for,
 * their names as {@code tcpdump -y} takes them, and the mapping from a capture file's link-type
 * field ({@code LINKTYPE_}) to them.
 */
public final class LinkTypes {
  private LinkTypes() {}

  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;

  /** Ethernet. */
  public static final int EN10MB = 1;

  /** PPP with HDLC-like framing. */
  public static final int PPP = 9;

  /** Raw IP, no link-layer header (Linux's DLT_RAW). */
  public static final int RAW = 12;

  /** OpenBSD loopback: a 4-byte address family in network byte order. */
  public static final int LOOP = 108;

  /** Linux cooked capture, version 1. */
  public static final int LINUX_SLL = 113;

  /** Raw IPv4. */
  public static final int IPV4 = 228;

  /** Raw IPv6. */
  public static final int IPV6 = 229;

  /** Linux cooked capture, version 2. */
  public static final int LINUX_SLL2 = 276;

  private static final int[] SUPPORTED = {
    NULL, EN10MB, PPP, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2
  };
  private static final String[] NAMES = {
    "NULL", "EN10MB", "PPP", "RAW", "LOOP", "LINUX_SLL", "IPV4", "IPV6", "LINUX_SLL2"
  };
  private static final String[] DESCRIPTIONS = {
    "BSD loopback",
    "Ethernet",
    "PPP",
    "Raw IP",
    "OpenBSD loopback",
    "Linux cooked v1",
    "Raw IPv4",
    "Raw IPv6",
    "Linux cooked v2"
  };

  /** Whether the compiler generates code for this DLT. */
  public static boolean isSupported(int dlt) {
    return index(dlt) >= 0;
  }

  /** The DLT named {@code name} (case-insensitive, with or without {@code DLT_}), if supported. */
  public static OptionalInt byName(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    if (n.startsWith("DLT_")) {
      n = n.substring(4);
    }
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(n)) {
        return OptionalInt.of(SUPPORTED[i]);
      }
    }
    return OptionalInt.empty();
  }

  /** The name of a supported DLT, or {@code DLT <n>}. */
  public static String name(int dlt) {
    int i = index(dlt);
    return i >= 0 ? NAMES[i] : "DLT " + dlt;
  }

  /**
   * The DLT for a capture file's link-type field: the values that differ from their DLT (101 raw
   * IP, 100 LLC/SNAP …) are mapped as libpcap maps them; the others are the same number.
   */
  public static int fromLinkTypeField(int linkType) {
    return switch (linkType) {
      case 101 -> RAW;
      case 228 -> IPV4;
      case 229 -> IPV6;
      default -> linkType;
    };
  }

  static String description(int dlt) {
    int i = index(dlt);
    return i >= 0 ? DESCRIPTIONS[i] : "DLT " + dlt;
  }

  static String unsupported(int dlt) {
    return "bpfjit does not compile filter expressions for link type "
        + dlt
        + " (supported: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, NULL, LOOP, PPP)";
  }

  private static int index(int dlt) {
    for (int i = 0; i < SUPPORTED.length; i++) {
      if (SUPPORTED[i] == dlt) {
        return i;
      }
    }
    return -1;
  }
}
