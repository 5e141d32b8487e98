package io.bpfjit.expr;

import java.util.Objects;

/**
 * How to compile an expression: the link type (a DLT, see {@link LinkTypes}), the snapshot length
 * (what an accepting program returns), whether to optimise, the IPv4 netmask ({@code ip
 * broadcast}), whether to compile as for a capture file being read ({@code tcpdump -r}) rather than
 * for a dead handle ({@code tcpdump -d}), and the name resolver. Immutable; each {@code with}
 * returns a new instance.
 */
public final class CompileOptions {
  /** libpcap's PCAP_NETMASK_UNKNOWN. */
  public static final int NETMASK_UNKNOWN = 0xffffffff;

  private static final CompileOptions DEFAULTS =
      new CompileOptions(LinkTypes.EN10MB, 262144, true, 0, false, Resolver.system());

  private final int linkType;
  private final int snaplen;
  private final boolean optimize;
  private final int netmask;
  private final boolean savefile;
  private final Resolver resolver;

  private CompileOptions(
      int linkType,
      int snaplen,
      boolean optimize,
      int netmask,
      boolean savefile,
      Resolver resolver) {
    this.linkType = linkType;
    this.snaplen = snaplen;
    this.optimize = optimize;
    this.netmask = netmask;
    this.savefile = savefile;
    this.resolver = resolver;
  }

  /** EN10MB, snapshot length 262144, optimise on, netmask 0: libpcap's and tcpdump's defaults. */
  public static CompileOptions defaults() {
    return DEFAULTS;
  }

  public CompileOptions withLinkType(int dlt) {
    return new CompileOptions(dlt, snaplen, optimize, netmask, savefile, resolver);
  }

  public CompileOptions withSnaplen(int snaplen) {
    return new CompileOptions(linkType, snaplen, optimize, netmask, savefile, resolver);
  }

  public CompileOptions withOptimize(boolean optimize) {
    return new CompileOptions(linkType, snaplen, optimize, netmask, savefile, resolver);
  }

  public CompileOptions withNetmask(int netmask) {
    return new CompileOptions(linkType, snaplen, optimize, netmask, savefile, resolver);
  }

  /**
   * Compile as libpcap does for an open capture file ({@code tcpdump -r}): {@code ip6} on NULL
   * tests the BSD address families 24, 28 and 30, and {@code inbound}, {@code outbound} and {@code
   * ifindex} are refused where the link type has no direction field.
   */
  public CompileOptions withSavefile(boolean savefile) {
    return new CompileOptions(linkType, snaplen, optimize, netmask, savefile, resolver);
  }

  public CompileOptions withResolver(Resolver resolver) {
    return new CompileOptions(
        linkType, snaplen, optimize, netmask, savefile, Objects.requireNonNull(resolver));
  }

  public int linkType() {
    return linkType;
  }

  public int snaplen() {
    return snaplen;
  }

  public boolean optimize() {
    return optimize;
  }

  public int netmask() {
    return netmask;
  }

  public boolean savefile() {
    return savefile;
  }

  public Resolver resolver() {
    return resolver;
  }
}
