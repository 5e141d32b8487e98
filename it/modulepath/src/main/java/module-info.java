/** A user's module: compiles an expression, filters a capture, on the module path. */
module io.bpfjit.it.modulepath {
  requires io.bpfjit.expr;
  requires io.bpfjit.jit;
  requires io.bpfjit.interpreter;
  requires io.bpfjit.capture;
}
