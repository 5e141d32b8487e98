package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.VerifiedProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Stage 2 analysis: splits the program into regions of consecutive pcs, each compiled to its own
 * static method, so no method exceeds HotSpot's 8,000-byte compile limit. A forward jump into
 * another region becomes a tail call {@code return r<j>(..., entry = target, A, X, M...)}, so the
 * call depth is bounded by the number of regions. Regions are normally cut only where no backward
 * jump spans the cut; when a loop is too large for one method it is cut too, and a backward jump
 * into an earlier region saves the machine state and returns to a trampoline in {@code run}, which
 * calls the target's region: the stack never grows with the number of iterations.
 */
final class RegionPlan {
  /** One method: pcs {@code [start, end)} and the pcs other regions enter it at. */
  record Region(int index, int start, int end, TreeSet<Integer> entries) {}

  private final List<Region> regions;
  private final int[] regionOf;
  private final boolean crossesBackward;

  private RegionPlan(List<Region> regions, int[] regionOf, boolean crossesBackward) {
    this.regions = regions;
    this.regionOf = regionOf;
    this.crossesBackward = crossesBackward;
  }

  List<Region> regions() {
    return regions;
  }

  int regionOf(int pc) {
    return regionOf[pc];
  }

  /** True when some reachable backward jump goes to an earlier region (needs the trampoline). */
  boolean crossesBackward() {
    return crossesBackward;
  }

  /**
   * Cuts wherever the estimate reaches {@code budget}; unless {@code loopCuts}, never where a
   * backward jump spans the cut, so that loops stay inside one method.
   */
  static RegionPlan plan(ControlFlow cfg, int budget, int argSlots, boolean loopCuts) {
    VerifiedProgram program = cfg.program();
    int n = cfg.size();
    int[] spans = new int[n + 2]; // difference array: > 0 inside some loop interval
    if (!loopCuts) {
      for (int pc = 0; pc < n; pc++) {
        if (cfg.isReachable(pc) && program.opcode(pc) == Opcode.JA) {
          int t = cfg.successors(pc)[0];
          if (t <= pc) {
            spans[t + 1]++;
            spans[pc + 1]--;
          }
        }
      }
    }
    boolean[] protectedCut = new boolean[n + 1];
    int depth = 0;
    for (int c = 0; c <= n; c++) {
      depth += spans[c];
      protectedCut[c] = depth > 0;
    }
    int[] regionOf = new int[n];
    List<int[]> bounds = new ArrayList<>();
    int start = 0;
    long size = 0;
    for (int pc = 0; pc < n; pc++) {
      int cost = cfg.isReachable(pc) ? estimate(program.opcode(pc), argSlots) : 0;
      if (pc > start && size + cost > budget && !protectedCut[pc]) {
        bounds.add(new int[] {start, pc});
        start = pc;
        size = 0;
      }
      size += cost;
      regionOf[pc] = bounds.size();
    }
    bounds.add(new int[] {start, n});
    List<TreeSet<Integer>> entries = new ArrayList<>();
    for (int i = 0; i < bounds.size(); i++) {
      entries.add(new TreeSet<>());
    }
    entries.get(0).add(0);
    boolean backward = false;
    for (int pc = 0; pc < n; pc++) {
      if (!cfg.isReachable(pc)) {
        continue;
      }
      for (int s : cfg.successors(pc)) {
        if (regionOf[s] != regionOf[pc]) {
          entries.get(regionOf[s]).add(s);
          backward |= regionOf[s] < regionOf[pc];
        }
      }
    }
    List<Region> regions = new ArrayList<>();
    for (int i = 0; i < bounds.size(); i++) {
      regions.add(new Region(i, bounds.get(i)[0], bounds.get(i)[1], entries.get(i)));
    }
    return new RegionPlan(List.copyOf(regions), regionOf, backward);
  }

  /**
   * At most about this many regions unless the method limit needs more: a run may pass through
   * every region as a chain of calls, each a frame HotSpot keeps (a 40-byte budget gave thousands
   * of regions, which overflowed a thread's stack while interpreted); 256 frames take ~100 KB.
   */
  static final int MAX_REGIONS = 256;

  /**
   * {@code budget}, raised if needed so that the program has at most about {@link #MAX_REGIONS}
   * regions, but never above {@code ceiling} (a budget known to fit the method limit).
   */
  static int depthBounded(ControlFlow cfg, int budget, int argSlots, int ceiling) {
    long total = 0;
    for (int pc = 0; pc < cfg.size(); pc++) {
      if (cfg.isReachable(pc)) {
        total += estimate(cfg.program().opcode(pc), argSlots);
      }
    }
    long needed = Math.min((total + MAX_REGIONS - 1) / MAX_REGIONS, ceiling);
    return (int) Math.max(budget, needed);
  }

  /**
   * A generous estimate of the bytecode for one instruction, including a possible guard and, for
   * jumps, tail-call stubs that pass {@code argSlots} arguments. The compiler measures the real
   * sizes afterwards and re-plans with a smaller budget if needed.
   */
  static int estimate(Opcode op, int argSlots) {
    int stub = 8 + 3 * argSlots;
    if (op.isConditionalJump()) {
      return 16 + 2 * stub;
    }
    if (op == Opcode.JA) {
      return 4 + stub;
    }
    if (op.isIndirectRead()) {
      return 40;
    }
    if (op.isAbsoluteRead()) {
      return 26;
    }
    return switch (op) {
      case DIV_K, DIV_X, MOD_K, MOD_X, LSH_X, RSH_X -> 24;
      default -> 10 + stub / 4;
    };
  }
}
