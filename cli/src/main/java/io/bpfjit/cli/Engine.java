package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;

/** {@code --engine}: which engine runs the program. */
enum Engine {
  jit,
  interpreter;

  PacketFilter create(VerifiedProgram program) {
    return this == jit ? BpfJit.compile(program) : BpfInterpreter.of(program);
  }
}
