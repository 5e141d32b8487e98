package io.bpfjit.jit;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import io.bpfjit.VerifiedProgram;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Analysis for one region, indexed by pc: chains of {@code jeq #k} that test the same A one
 * constant after another (each link's false branch is the next link, whose only predecessor it is),
 * which the driver emits as one {@code lookupswitch} — HotSpot compiles that to a binary search,
 * where the chain was a compare per constant (300 {@code host}s: up to 600 compares). A is
 * unchanged along a chain since {@code jeq} writes nothing. Links after the head are left in the
 * method as unreachable code (with frames where the verifier needs them); the first occurrence of a
 * repeated constant wins, as in the chain.
 */
final class SwitchPlan {
  /** Shorter chains stay compares: HotSpot turns a small switch back into compares anyway. */
  static final int MIN_LINKS = 4;

  /** A chain as a switch: sorted distinct keys, each key's target pc, the default target pc. */
  record Switch(int head, int[] keys, int[] targets, int defaultTarget) {}

  private final Map<Integer, Switch> byHead;
  private final java.util.Set<Integer> targets = new java.util.HashSet<>();

  private SwitchPlan(Map<Integer, Switch> byHead) {
    this.byHead = byHead;
    for (Switch s : byHead.values()) {
      for (int t : s.targets()) {
        targets.add(t);
      }
      targets.add(s.defaultTarget());
    }
  }

  /** True when a switch may jump to pc (its label then needs a stack map frame). */
  boolean isTarget(int pc) {
    return targets.contains(pc);
  }

  /** The switch that replaces the jeq at {@code pc}, or null. */
  Switch at(int pc) {
    return byHead.get(pc);
  }

  static SwitchPlan plan(ControlFlow cfg, BoundsPlan bounds, RegionPlan.Region region) {
    VerifiedProgram program = cfg.program();
    Map<Integer, Switch> byHead = new LinkedHashMap<>();
    boolean[] linked = new boolean[region.end() - region.start()];
    for (int pc = region.start(); pc < region.end(); pc++) {
      if (linked[pc - region.start()] || !isLink(cfg, bounds, pc)) {
        continue;
      }
      TreeMap<Integer, Integer> cases = new TreeMap<>();
      int links = 0;
      int at = pc;
      while (true) {
        RawInstruction insn = program.get(at);
        cases.putIfAbsent(insn.k(), cfg.successors(at)[0]);
        links++;
        linked[at - region.start()] = true;
        int next = cfg.successors(at)[1];
        if (next >= region.end()
            || region.entries().contains(next)
            || !isLink(cfg, bounds, next)
            || cfg.predecessors(next).size() != 1) {
          if (links >= MIN_LINKS) {
            byHead.put(pc, toSwitch(pc, cases, next));
          }
          break;
        }
        at = next;
      }
    }
    return new SwitchPlan(byHead);
  }

  /** A reachable {@code jeq #k} with two different targets and nothing to check before it. */
  private static boolean isLink(ControlFlow cfg, BoundsPlan bounds, int pc) {
    if (!cfg.isReachable(pc) || cfg.program().opcode(pc) != Opcode.JEQ_K) {
      return false;
    }
    return cfg.successors(pc)[0] != cfg.successors(pc)[1] && bounds.guard(pc) == BoundsPlan.NONE;
  }

  private static Switch toSwitch(int head, TreeMap<Integer, Integer> cases, int defaultTarget) {
    int[] keys = new int[cases.size()];
    int[] targets = new int[cases.size()];
    int i = 0;
    for (Map.Entry<Integer, Integer> c : cases.entrySet()) {
      keys[i] = c.getKey();
      targets[i] = c.getValue();
      i++;
    }
    return new Switch(head, keys, targets, defaultTarget);
  }
}
