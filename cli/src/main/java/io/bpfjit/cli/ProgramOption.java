package io.bpfjit.cli;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.ProgramFormatException;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code -p/--program FILE|-}: any text form {@code BpfProgram.parse} reads. */
final class ProgramOption {
  private ProgramOption() {}

  /** Adds the (required) option to {@code options}. */
  static Options add(Options options) {
    return add(options, true);
  }

  /** Adds the option to {@code options}, required or not. */
  static Options add(Options options, boolean required) {
    return options.addOption(
        Option.builder("p")
            .longOpt("program")
            .hasArg()
            .argName("FILE|-")
            .required(required)
            .desc("Program text (tcpdump -d/-dd/-ddd, bpf_asm, comma form); - reads stdin.")
            .build());
  }

  /** Whether the program is read from standard input ({@code -p -}). */
  static boolean fromStdin(Invocation in) {
    return in.has("program") && in.value("program", "-").equals("-");
  }

  /** How errors name the program: its file, or {@code <stdin>}. */
  static String name(Invocation in) {
    String p = in.value("program", "-");
    return p.equals("-") ? "<stdin>" : p;
  }

  /**
   * Program texts are read up to this size: 65,535 instructions (the verifier's limit) fit many
   * times over, and a capture given by mistake is not read whole into memory.
   */
  static final int LARGEST_TEXT = 64 << 20;

  static String text(Invocation in) throws IOException {
    String program = in.value("program", "-");
    if (program.equals("-")) {
      return decode(in.stdin(), "<stdin>");
    }
    Path p = Path.of(program);
    if (Files.isDirectory(p)) {
      throw new UserError(Main.USAGE, program + ": is a directory, not a program file");
    }
    try (InputStream file = Files.newInputStream(p)) {
      return decode(file, program);
    } catch (java.nio.file.NoSuchFileException e) {
      // "port 80" is a tcpdump expression, not a file: say how to turn it into a program.
      String hint =
          program.contains(" ")
              ? (in.command().name().equals("filter")
                  ? " (an expression? give it after the capture: bpfjit filter CAPTURE '"
                      + program
                      + "')"
                  : " (an expression? compile it: bpfjit compile -ddd '"
                      + program
                      + "' | bpfjit "
                      + in.command().name()
                      + " -p - ...)")
              : "";
      throw new UserError(Main.USAGE, program + ": no such program file" + hint);
    } catch (IOException e) {
      throw new UserError(Main.USAGE, program + ": cannot read program file: " + e.getMessage());
    }
  }

  /**
   * The text of a program file: refused when it is larger than {@link #LARGEST_TEXT} or holds a NUL
   * byte (binary data: a capture or an executable given as the program, found in its first
   * kilobytes without reading on), else read as UTF-8.
   */
  private static String decode(InputStream in, String name) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (chunk[i] == 0) {
          text.write(chunk, 0, n);
          throw new UserError(
              Main.USAGE, name + ": " + binary(text.toByteArray(), text.size() - n + i));
        }
      }
      if (text.size() + n > LARGEST_TEXT) {
        throw new UserError(
            Main.USAGE,
            name + ": larger than " + (LARGEST_TEXT >> 20) + " MiB, not a program text");
      }
      text.write(chunk, 0, n);
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  /**
   * What binary data given as a program looks like: a capture (by the magic number {@code bytes}
   * start with) or anything else.
   */
  private static String binary(byte[] bytes, int nul) {
    boolean capture =
        bytes.length >= 4 && CaptureReader.isCaptureMagic(ByteBuffer.wrap(bytes).getInt());
    return capture
        ? "a capture file, not a program text (-p takes the program; the capture comes last)"
        : "binary data (a NUL byte at offset " + nul + "), not a program text";
  }

  /** Reads and parses the program; format errors name it. */
  static BpfProgram load(Invocation in) throws IOException {
    return parse(text(in), name(in));
  }

  /** Reads, parses and verifies the program; format errors and rejections name it. */
  static VerifiedProgram verified(Invocation in) throws IOException {
    return verify(load(in), name(in));
  }

  /** Reads, parses and verifies a program file (the demo's); errors name it. */
  static VerifiedProgram verified(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return verify(parse(decode(in, file.toString()), file.toString()), file.toString());
    }
  }

  private static BpfProgram parse(String text, String name) {
    try {
      return BpfProgram.parse(text);
    } catch (ProgramFormatException e) {
      throw new UserError(Main.USAGE, name + ": " + e.getMessage());
    }
  }

  private static VerifiedProgram verify(BpfProgram program, String name) {
    try {
      return Verifier.verify(program);
    } catch (InvalidProgramException e) {
      throw new UserError(Main.USAGE, name + ": rejected: " + e.getMessage());
    }
  }
}
