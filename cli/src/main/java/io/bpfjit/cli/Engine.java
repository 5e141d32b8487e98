package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code --engine jit|interpreter}: which engine runs the program. */
enum Engine {
  jit,
  interpreter;

  PacketFilter create(VerifiedProgram program) {
    return this == jit ? BpfJit.compile(program) : BpfInterpreter.of(program);
  }

  /** Adds {@code --engine} to {@code options}. */
  static Options add(Options options) {
    return options.addOption(
        Option.builder()
            .longOpt("engine")
            .hasArg()
            .argName("NAME")
            .desc("jit (default) or interpreter.")
            .build());
  }

  /** The engine the invocation asks for. */
  static Engine of(Invocation in) {
    return valueOf(in.choice("engine", "jit", "interpreter"));
  }
}
