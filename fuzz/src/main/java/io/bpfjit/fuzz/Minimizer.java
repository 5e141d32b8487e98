package io.bpfjit.fuzz;

import io.bpfjit.BpfProgram;
import io.bpfjit.InvalidProgramException;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.VerifierOptions;
import io.bpfjit.jit.JitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shrinks a failing (program, packet) pair: replaces instructions by {@code ret #0}-free no-ops,
 * drops them, and shortens the packet, keeping each step that still verifies and still fails.
 */
public final class Minimizer {
  /** A failing case. */
  public record Case(BpfProgram program, VerifierOptions options, PacketGenerator.Input input) {}

  private Minimizer() {}

  static boolean fails(Case c, JitOptions jit) {
    VerifiedProgram v;
    try {
      v = Verifier.verify(c.program(), c.options());
    } catch (InvalidProgramException e) {
      return false;
    }
    return Differential.of(v, jit).check(c.input()) != null;
  }

  /** The smallest variant found that still fails (at most a few thousand tries). */
  public static Case minimize(Case c, JitOptions jit) {
    boolean progress = true;
    int budget = 3000;
    while (progress && budget > 0) {
      progress = false;
      List<RawInstruction> insns = c.program().instructions();
      for (int i = insns.size() - 1; i >= 0 && budget > 0; i--) {
        List<RawInstruction> fewer = new ArrayList<>(insns);
        fewer.remove(i);
        budget--;
        Case smaller = new Case(BpfProgram.of(fewer), c.options(), c.input());
        if (!fewer.isEmpty() && fails(smaller, jit)) {
          c = smaller;
          insns = fewer;
          progress = true;
        }
      }
      PacketGenerator.Input in = c.input();
      for (int cut = in.caplen() - 1;
          cut >= 0 && budget > 0;
          cut = cut * 3 / 4 - (cut > 0 ? 0 : 1)) {
        budget--;
        byte[] shorter = Arrays.copyOfRange(in.data(), in.offset(), in.offset() + cut);
        PacketGenerator.Input s = new PacketGenerator.Input(shorter, 0, cut, in.wirelen());
        Case smaller = new Case(c.program(), c.options(), s);
        if (fails(smaller, jit)) {
          c = smaller;
          progress = true;
          break;
        }
        if (cut == 0) {
          break;
        }
      }
    }
    return c;
  }
}
