package io.bpfjit.fuzz;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.jit.JitOptions;
import io.bpfjit.jit.internal.FirstTier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The oracle check: the interpreter's result against each JIT variant on every entry point (array
 * with offset, heap buffer, direct buffer). Any difference, or any exception, is a failure.
 */
public final class Differential {
  /** A method budget that splits most fuzzed programs into several methods. */
  public static final int SPLIT_BUDGET = 40;

  private final PacketFilter oracle;
  private final List<PacketFilter> subjects;
  private final List<String> names;

  private Differential(PacketFilter oracle, List<PacketFilter> subjects, List<String> names) {
    this.oracle = oracle;
    this.subjects = subjects;
    this.names = names;
  }

  /**
   * Interpreter against the JIT's generated class with default options, with splitting forced, and
   * with splitting forced inside loops (the trampoline), each from the first packet (tiering off);
   * against the first tier alone, as compiled and with its jumps threaded; and against the
   * interpreter itself on the buffer entry points. (The switch from one to the other mid-stream is
   * tested by the JIT's TieringTest: a campaign's programs see too few packets to switch.)
   */
  public static Differential of(VerifiedProgram p, JitOptions base) {
    JitOptions generated = base.withTiering(false);
    return new Differential(
        BpfInterpreter.of(p),
        List.of(
            BpfJit.compile(p, generated),
            BpfJit.compile(p, generated.withMethodBudget(SPLIT_BUDGET)),
            BpfJit.compile(p, generated.withMethodBudget(SPLIT_BUDGET).withSplitLoops(true)),
            FirstTier.of(p),
            FirstTier.threaded(p),
            BpfInterpreter.of(p)),
        List.of(
            "jit",
            "jit-split",
            "jit-split-loops",
            "first-tier",
            "first-tier-threaded",
            "interpreter"));
  }

  /** The interpreter's result (the expectation). */
  public int expected(PacketGenerator.Input in) {
    return oracle.apply(in.data(), in.offset(), in.caplen(), in.wirelen());
  }

  /** Null when every subject agrees with the oracle on every entry point, else what differed. */
  public String check(PacketGenerator.Input in) {
    int want = expected(in);
    for (int i = 0; i < subjects.size(); i++) {
      PacketFilter f = subjects.get(i);
      String name = names.get(i);
      try {
        int got = f.apply(in.data(), in.offset(), in.caplen(), in.wirelen());
        if (got != want) {
          return mismatch(name + " byte[]", want, got);
        }
        ByteBuffer heap = ByteBuffer.wrap(in.data(), in.offset(), in.caplen());
        got = f.apply(heap, in.wirelen());
        if (got != want) {
          return mismatch(name + " heap ByteBuffer", want, got);
        }
        got = f.apply(heap.asReadOnlyBuffer(), in.wirelen());
        if (got != want) {
          return mismatch(name + " read-only heap ByteBuffer", want, got);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(in.caplen());
        direct.put(in.data(), in.offset(), in.caplen()).flip();
        got = f.apply(direct, in.wirelen());
        if (got != want) {
          return mismatch(name + " direct ByteBuffer", want, got);
        }
        // little-endian and at an offset: loads stay big-endian and start at the position
        ByteBuffer shifted =
            ByteBuffer.allocateDirect(in.caplen() + 3).order(ByteOrder.LITTLE_ENDIAN).position(3);
        shifted.put(in.data(), in.offset(), in.caplen()).position(3);
        got = f.apply(shifted, in.wirelen());
        if (got != want) {
          return mismatch(name + " little-endian direct ByteBuffer at 3", want, got);
        }
        got = f.apply(shifted.asReadOnlyBuffer(), in.wirelen());
        if (got != want) {
          return mismatch(name + " read-only direct ByteBuffer at 3", want, got);
        }
      } catch (RuntimeException | StackOverflowError e) {
        return name + " threw " + e;
      }
    }
    return null;
  }

  /** Null when the bulk count of each subject equals the per-packet count, else what differed. */
  public String checkBulk(byte[] data, int[] offs, int[] caps, int[] wires, int n) {
    int want = 0;
    for (int i = 0; i < n; i++) {
      if (oracle.apply(data, offs[i], caps[i], wires[i]) != 0) {
        want++;
      }
    }
    for (int i = 0; i < subjects.size(); i++) {
      try {
        int got = subjects.get(i).count(data, offs, caps, wires, n);
        if (got != want) {
          return names.get(i) + " bulk count " + got + ", per packet " + want;
        }
      } catch (RuntimeException | StackOverflowError e) {
        return names.get(i) + " bulk threw " + e;
      }
    }
    return null;
  }

  private static String mismatch(String where, int want, int got) {
    return where
        + ": interpreter "
        + Integer.toUnsignedString(want)
        + ", JIT "
        + Integer.toUnsignedString(got);
  }
}
