package io.bpfjit.jit;

import io.bpfjit.BpfProgram;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.jit.internal.FirstTier;
import io.bpfjit.testing.EngineFactory;

/** Shared settings and engine variants of the JIT tests. */
final class JitTesting {
  /** A method budget that splits nearly every program into several methods. */
  static final int TINY_BUDGET = 40;

  /** Default options but tiering: the generated class from the first packet. */
  static final JitOptions GENERATED = JitOptions.defaults().withTiering(false);

  /** The generated class of the default options. */
  static final EngineFactory DEFAULT = p -> BpfJit.compile(p, GENERATED);

  /** Every program split into many small methods, cutting loops too (the trampoline). */
  static final EngineFactory SPLIT =
      p -> BpfJit.compile(p, GENERATED.withMethodBudget(TINY_BUDGET).withSplitLoops(true));

  /** A bounds check on every read (grouping off). */
  static final EngineFactory UNGROUPED =
      p -> BpfJit.compile(p, GENERATED.withGroupedBoundsChecks(false));

  /** The first tier alone, its jumps threaded whatever the program's size. */
  static final EngineFactory FIRST_TIER = FirstTier::threaded;

  /**
   * The first tier unthreaded, with its lookups: what a filter runs on once its first packets show
   * threading would not repay (an unoptimised list whose retests all run inside one lookup).
   */
  static final EngineFactory FIRST_TIER_UNTHREADED = FirstTier::unthreaded;

  /**
   * The first tier as {@code BpfJit.compile} makes it (threaded for programs with many reloads).
   */
  static final EngineFactory FIRST_TIER_AS_COMPILED = FirstTier::of;

  /** Verified with the default options, compiled with {@link #GENERATED}. */
  static JitFilter generated(BpfProgram program) {
    return BpfJit.compile(Verifier.verify(program), GENERATED);
  }

  /** Compiled with {@link #GENERATED}. */
  static JitFilter generated(VerifiedProgram program) {
    return BpfJit.compile(program, GENERATED);
  }

  private JitTesting() {}
}
