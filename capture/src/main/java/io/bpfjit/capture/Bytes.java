package io.bpfjit.capture;

/** Integer reads in either byte order. */
final class Bytes {
  private Bytes() {}

  static int be32(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
  }

  static int u32(byte[] b, int i, boolean little) {
    int v = be32(b, i);
    return little ? Integer.reverseBytes(v) : v;
  }

  static int u16(byte[] b, int i, boolean little) {
    int v = (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    return little ? Integer.reverseBytes(v) >>> 16 : v;
  }
}
