package io.bpfjit.fuzz;

import io.bpfjit.VerifierOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/** Writes a failing case as a ready-to-commit {@code .bpft} regression vector. */
public final class RegressionWriter {
  private RegressionWriter() {}

  /**
   * The vector's text; the expected result is the interpreter's (the oracle).
   *
   * @param why the mismatch, kept as a comment
   */
  public static String text(Minimizer.Case c, int expected, String why, long seed) {
    StringBuilder sb = new StringBuilder();
    sb.append("# found by the fuzzer (seed ").append(seed).append("): ").append(why).append('\n');
    VerifierOptions o = c.options();
    if (o.backwardJumpBudget() != VerifierOptions.DEFAULT_BACKWARD_JUMP_BUDGET) {
      sb.append("-- options\nbudget ").append(o.backwardJumpBudget()).append('\n');
    }
    sb.append("-- program\n").append(c.program().toDecimal());
    PacketGenerator.Input in = c.input();
    sb.append("-- packet\n")
        .append(HexFormat.of().formatHex(in.data(), in.offset(), in.offset() + in.caplen()))
        .append('\n');
    sb.append("-- wirelen\n").append(Integer.toUnsignedString(in.wirelen())).append('\n');
    sb.append("-- result\n").append(Integer.toUnsignedString(expected)).append('\n');
    return sb.toString();
  }

  /** Writes {@code dir/fuzz-<seed>-<n>.bpft} atomically; returns its path. */
  public static Path write(Path dir, String name, String text) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, name, ".tmp");
    Files.writeString(tmp, text);
    Path file = dir.resolve(name + ".bpft");
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
