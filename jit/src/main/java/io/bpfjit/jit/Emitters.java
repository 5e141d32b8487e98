package io.bpfjit.jit;

import io.bpfjit.Opcode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/** The emitter of every opcode, built family by family; a missing entry fails at class init. */
final class Emitters {
  private static final Map<Opcode, OpEmitter> TABLE = build();

  private Emitters() {}

  private static Map<Opcode, OpEmitter> build() {
    EnumMap<Opcode, OpEmitter> t = new EnumMap<>(Opcode.class);
    LoadEmitters.register(t);
    AluEmitters.register(t);
    JumpEmitters.register(t);
    EnumSet<Opcode> missing = EnumSet.complementOf(EnumSet.copyOf(t.keySet()));
    if (!missing.isEmpty()) {
      throw new ExceptionInInitializerError("no emitter for " + missing);
    }
    return Collections.unmodifiableMap(t);
  }

  static OpEmitter of(Opcode op) {
    return TABLE.get(op);
  }
}
