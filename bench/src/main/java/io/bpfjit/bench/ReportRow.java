package io.bpfjit.bench;

/** One filter's figures in the report; NaN or -1 where not measured. */
public final class ReportRow {
  String id;
  String expr;
  int insns;
  int bytecodeBytes;
  int methods;
  int largestMethod;
  double compileMicros;

  /** Expression to program (FilterCompiler, optimised as the id says), median µs. */
  double exprMicros = Double.NaN;

  long matches;
  long expectedMatches;
  double interpreterNs = Double.NaN;
  double jitNs = Double.NaN;
  double jitBulkNs = Double.NaN;

  /** The JIT per packet with the packets as views of a direct buffer (a subset of filters). */
  double jitDirectNs = Double.NaN;

  /**
   * The JIT per packet with the packets in one native memory segment (the same subset, where the
   * report runs on JDK 22 or later with the segments module).
   */
  double jitSegmentNs = Double.NaN;

  double baselineNs = Double.NaN;
  double pcap4jNs = Double.NaN;

  /** Interpreter over the JIT's bulk path. */
  double speedup() {
    return interpreterNs / jitBulkNs;
  }

  boolean complete() {
    return !Double.isNaN(interpreterNs)
        && !Double.isNaN(jitNs)
        && !Double.isNaN(jitBulkNs)
        && bytecodeBytes > 0
        && compileMicros > 0
        && exprMicros > 0
        && matches == expectedMatches;
  }
}
