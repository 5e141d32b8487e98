/**
 * The JIT: verified BPF programs to hidden JVM classes. Its test hooks ({@code
 * io.bpfjit.jit.internal}) are not exported.
 */
module io.bpfjit.jit {
  requires transitive io.bpfjit.verifier;
  requires org.objectweb.asm;
  requires org.objectweb.asm.util;

  exports io.bpfjit.jit;
}
