package io.bpfjit.jit;

import io.bpfjit.RawInstruction;

/** Emits the bytecode of one instruction kind. */
@FunctionalInterface
interface OpEmitter {
  void emit(Emission e, int pc, RawInstruction insn);
}
