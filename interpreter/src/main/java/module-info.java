/** The reference interpreter of verified BPF programs. */
module io.bpfjit.interpreter {
  requires transitive io.bpfjit.verifier;

  exports io.bpfjit.interpreter;
}
