/** libpcap's filter-expression language compiled to BPF programs, in Java. */
module io.bpfjit.expr {
  requires transitive io.bpfjit.verifier;

  exports io.bpfjit.expr;
}
