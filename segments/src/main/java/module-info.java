/** Packets in {@code java.lang.foreign} memory segments, filtered in place (JDK 22 and later). */
module io.bpfjit.segments {
  requires transitive io.bpfjit.verifier;

  exports io.bpfjit.segments;
}
