package io.bpfjit;

/**
 * Linux's ancillary-data offsets ({@code SKF_AD_OFF + n}), which libpcap's {@code bpf_image} prints
 * by name ({@code ldh [type]}). bpfjit does not implement them: for every engine they are ordinary
 * out-of-range loads that return 0 (docs/semantics.md section 2).
 */
final class AncillaryOffset {
  /** {@code SKF_AD_OFF} as an unsigned 32-bit value (-0x1000). */
  static final int BASE = 0xfffff000;

  // spotless:off
  private static final String[] NAMES = {
    "proto", "type", "ifidx", "nla", "nlan", "mark", "queue", "hatype",
    "rxhash", "cpu", "xor_x", "vlan_tci", "vlanp", "poff", "random", "vlan_tpid",
  };
  // spotless:on

  private AncillaryOffset() {}

  /** The symbolic name for absolute offset {@code k}, or {@code null}. */
  static String nameOf(int k) {
    long rel = Integer.toUnsignedLong(k) - Integer.toUnsignedLong(BASE);
    if (rel < 0 || rel >= 4L * NAMES.length || rel % 4 != 0) {
      return null;
    }
    return NAMES[(int) (rel / 4)];
  }

  /** The offset named {@code name}, or -1 (never a valid named offset) when unknown. */
  static long offsetOf(String name) {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(name)) {
        return Integer.toUnsignedLong(BASE) + 4L * i;
      }
    }
    return -1;
  }
}
