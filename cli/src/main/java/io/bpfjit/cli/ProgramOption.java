package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.ProgramFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -p/--program FILE|-}: any text form {@code BpfProgram.parse} reads. */
final class ProgramOption {
  @Option(
      names = {"-p", "--program"},
      required = true,
      paramLabel = "FILE|-",
      description = "Program text (tcpdump -d/-dd/-ddd, bpf_asm, comma form); - reads stdin.")
  String program;

  String name() {
    return program.equals("-") ? "<stdin>" : program;
  }

  String text(InputStream stdin) throws IOException {
    if (program.equals("-")) {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path p = Path.of(program);
    if (Files.isDirectory(p)) {
      throw new UserError(Main.USAGE, program + ": is a directory, not a program file");
    }
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserError(Main.USAGE, program + ": no such program file");
    } catch (IOException e) {
      throw new UserError(Main.USAGE, program + ": cannot read program file: " + e.getMessage());
    }
  }

  BpfProgram load() throws IOException {
    String text = text(System.in);
    try {
      return BpfProgram.parse(text);
    } catch (ProgramFormatException e) {
      throw new UserError(Main.USAGE, name() + ": " + e.getMessage());
    }
  }
}
