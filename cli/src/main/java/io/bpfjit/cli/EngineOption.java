package io.bpfjit.cli;

import picocli.CommandLine.Option;

/** {@code --engine jit|interpreter}, shared by the commands that run a program. */
final class EngineOption {
  @Option(names = "--engine", defaultValue = "jit", description = "jit (default) or interpreter.")
  Engine engine;
}
