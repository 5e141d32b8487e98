package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitFilter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code --engine jit|interpreter}: which engine runs the program. */
enum Engine {
  jit,
  interpreter;

  /**
   * Captures at least this large are long runs: measured on a 1.07 GB capture (6.5 M packets), the
   * JIT's default start of its warm-up (after {@code START_WORK} of first-tier work) left port 80
   * on the first tier for the whole file and 300 hosts on it for half; started with the first
   * packet, the passes took 0.23-0.27 s instead of 0.36-0.41 s and 0.43-0.48 s instead of 0.68-0.72
   * s.
   */
  static final long LONG_RUN_BYTES = 32L << 20;

  PacketFilter create(VerifiedProgram program) {
    return create(program, false, false);
  }

  /**
   * The engine's filter; for a {@code longRun} (a capture of {@link #LONG_RUN_BYTES} or more) the
   * JIT generates and warms up in the background from the first packet on the class that will run
   * its packets: the one reading arrays, or, for packets in direct buffers ({@code inPlace}), the
   * one reading buffers.
   */
  PacketFilter create(VerifiedProgram program, boolean longRun, boolean inPlace) {
    if (this == interpreter) {
      return BpfInterpreter.of(program);
    }
    JitFilter filter = BpfJit.compile(program);
    if (!longRun) {
      return filter;
    }
    return inPlace ? filter.startBufferWarmUp() : filter.startWarmUp();
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
