package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.F_FULL;
import static org.objectweb.asm.Opcodes.F_SAME;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INTEGER;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import io.bpfjit.VerifiedProgram;
import io.bpfjit.jit.internal.PlantedBug;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Stages 4 and 5: writes the class, emitting each region from its {@link Lowering}. One private
 * static method per region holds the program (A, X and the used scratch words are int
 * parameters/locals); {@code apply} checks its arguments and calls the first region; the batch
 * loops call it directly, so the per-packet call inside them is monomorphic.
 */
final class ClassAssembler {
  /** What a class holds besides the program's regions. */
  enum Kind {
    /** A {@link JitCode}: {@code apply}. */
    FILTER("io/bpfjit/jit/BpfFilter", Type.getInternalName(JitCode.class), PacketAccess.ARRAY),
    /** A {@link JitBulk}: the batch loops, made on the first batch call (see {@link JitBulk}). */
    BULK("io/bpfjit/jit/BpfBulk", Type.getInternalName(JitBulk.class), PacketAccess.ARRAY),
    /**
     * A {@link JitBufferCode}: {@code apply} over a {@code ByteBuffer}, made for a filter given
     * direct or read-only buffers.
     */
    BUFFER(
        "io/bpfjit/jit/BpfBufferFilter",
        Type.getInternalName(JitBufferCode.class),
        PacketAccess.BUFFER);

    final String className;
    final String superName;
    final PacketAccess access;

    Kind(String className, String superName, PacketAccess access) {
      this.className = className;
      this.superName = superName;
      this.access = access;
    }
  }

  private static final String RUNTIME = Type.getInternalName(JitRuntime.class);

  private final VerifiedProgram program;
  private final ControlFlow cfg;
  private final BoundsPlan bounds;
  private final RegionPlan regions;
  private final RegionSignature sig;
  private final String descriptor;

  private final PlantedBug bug;
  private final Kind kind;
  final String className;
  private final Map<String, Integer> sizes = new LinkedHashMap<>();

  ClassAssembler(
      Kind kind, ControlFlow cfg, BoundsPlan bounds, RegionPlan regions, PlantedBug bug) {
    this.kind = kind;
    this.className = kind.className;
    this.bug = bug;
    this.program = cfg.program();
    this.cfg = cfg;
    this.bounds = bounds;
    this.regions = regions;
    this.sig = RegionSignature.of(program, regions.crossesBackward(), kind.access);
    this.descriptor = sig.descriptor();
  }

  /** The class file and the code size of every method, by name. */
  record Assembled(byte[] bytes, Map<String, Integer> methodSizes) {
    int largest() {
      return largest(methodSizes);
    }

    /** The largest of {@code methodSizes}' values (0 for none). */
    static int largest(Map<String, Integer> methodSizes) {
      int max = 0;
      for (int size : methodSizes.values()) {
        max = Math.max(max, size);
      }
      return max;
    }
  }

  /**
   * Writes the class. Frames and max stack/locals are ours, not ASM's (its frame computation was a
   * third of the compile time): every region method's locals are its parameters, all defined at
   * entry, and the stack is empty at every label, so a label that needs a frame ({@link
   * #framedLabels}) gets an F_SAME one; the few fixed methods with locals of their own define them
   * before their first label and declare one full frame there.
   */
  Assembled assemble() {
    ClassWriter cw = new ClassWriter(0);
    write(cw);
    return new Assembled(cw.toByteArray(), Map.copyOf(sizes));
  }

  private void write(ClassVisitor cw) {
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, kind.superName, null);
    cw.visitSource("filter.bpf", null);
    constructor(cw);
    staticInitializer(cw);
    if (kind == Kind.BULK) {
      BulkLoops.write(this, cw);
    } else {
      apply(cw);
    }
    if (sig.trampoline()) {
      trampolineRun(cw);
    }
    for (RegionPlan.Region r : regions.regions()) {
      region(cw, r);
    }
    cw.visitEnd();
  }

  /**
   * The pcs whose labels need a stack map frame, derived from the steps themselves: every label a
   * step or the entry dispatch jumps to, and every label after a step that cannot fall through (the
   * JVM verifies code after a jump only from a frame). Nowhere else: a frame per pc was a third of
   * the 8,938-instruction program's StackMapTable.
   */
  private static Set<Integer> framedLabels(List<Lir> steps, RegionPlan.Region r) {
    Set<Integer> framed = new HashSet<>(r.entries());
    boolean afterJump = true; // the entry dispatch may have jumped past the first label
    for (Lir step : steps) {
      if (step instanceof Lir.Label && afterJump) {
        framed.add(step.pc());
      }
      for (int t : step.jumpsTo()) {
        framed.add(t);
      }
      if (!(step instanceof Lir.Label)) {
        afterJump = !step.fallsThrough();
      }
    }
    return framed;
  }

  /** Binds a label with an empty stack and the same locals as the method's previous frame. */
  static void bind(MethodVisitor mv, Label label) {
    mv.visitLabel(label);
    mv.visitFrame(F_SAME, 0, null, 0, null); // ASM drops a repeat at the same offset
  }

  /** Ends a method with its max stack and locals, recording its code size. */
  void finish(MethodVisitor mv, String name, int maxStack, int maxLocals) {
    Label end = new Label();
    mv.visitLabel(end);
    mv.visitMaxs(maxStack, maxLocals);
    mv.visitEnd();
    sizes.put(name, end.getOffset());
  }

  /** Stack depth of {@link #callProgram}: the packet, three ints and the pushed state. */
  int callStack() {
    return 4 + (sig.trampoline() ? 0 : sig.stateLength());
  }

  static String regionName(RegionPlan.Region r) {
    return "pc" + r.start() + "_" + (r.end() - 1);
  }

  /** {@code BpfFilter() { super(); }} (or {@code BpfBulk}). */
  private void constructor(ClassVisitor cw) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    mv.visitCode();
    mv.visitVarInsn(ALOAD, 0);
    mv.visitMethodInsn(INVOKESPECIAL, kind.superName, "<init>", "()V", false);
    mv.visitInsn(RETURN);
    finish(mv, "<init>", 1, 1);
  }

  /**
   * {@code static { JitRuntime.adopt(new BpfFilter()); }} (or {@code new BpfBulk()}): the class
   * makes its one instance itself (see {@link JitRuntime#define}).
   */
  private void staticInitializer(ClassVisitor cw) {
    MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    mv.visitCode();
    mv.visitTypeInsn(NEW, className);
    mv.visitInsn(DUP);
    mv.visitMethodInsn(INVOKESPECIAL, className, "<init>", "()V", false);
    mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "adopt", "(Ljava/lang/Object;)V", false);
    mv.visitInsn(RETURN);
    finish(mv, "<clinit>", 2, 0);
  }

  /**
   * With (packet, off, caplen, wirelen) on the stack, runs the program: pushes (entry 0, A 0, X 0,
   * M 0..., count 0) and calls the first region, or calls the trampoline.
   */
  void callProgram(MethodVisitor mv) {
    if (sig.trampoline()) {
      mv.visitMethodInsn(INVOKESTATIC, className, "run", kind.access.runDescriptor(), false);
      return;
    }
    for (int i = 0; i < sig.stateLength(); i++) {
      mv.visitInsn(ICONST_0);
    }
    RegionPlan.Region first = regions.regions().get(0);
    mv.visitMethodInsn(INVOKESTATIC, className, regionName(first), descriptor, false);
  }

  /**
   * {@code int apply(byte[] or ByteBuffer, int, int, int)}: the region was checked by {@link
   * JitFilter}.
   */
  private void apply(ClassVisitor cw) {
    MethodVisitor mv = cw.visitMethod(ACC_FINAL, "apply", kind.access.runDescriptor(), null, null);
    mv.visitCode();
    for (int slot = 1; slot <= 4; slot++) {
      mv.visitVarInsn(slot == 1 ? ALOAD : ILOAD, slot);
    }
    callProgram(mv);
    mv.visitInsn(IRETURN);
    finish(mv, "apply", callStack(), 5);
  }

  /**
   * {@code static int run(p, off, caplen, wirelen)} for programs whose loops span methods: a
   * backward jump into an earlier region stores pc, A, X, M... and the count in {@code st} and
   * returns; this loop then calls the region of that pc, so the stack does not grow per iteration.
   * {@code st[0] < 0} after a call means the program returned.
   */
  private void trampolineRun(ClassVisitor cw) {
    MethodVisitor mv =
        cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "run", kind.access.runDescriptor(), null, null);
    mv.visitCode();
    final int st = 4;
    final int entry = 5;
    final int result = 6;
    Emission.push(mv, sig.stateLength());
    mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "state", "(I)[I", false);
    mv.visitVarInsn(ASTORE, st);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, entry);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, result);
    Label loop = new Label();
    Label check = new Label();
    Label done = new Label();
    mv.visitLabel(loop);
    mv.visitFrame(
        F_FULL,
        7,
        new Object[] {kind.access.frameType, INTEGER, INTEGER, INTEGER, "[I", INTEGER, INTEGER},
        0,
        new Object[0]);
    mv.visitVarInsn(ALOAD, st);
    mv.visitInsn(ICONST_0);
    mv.visitInsn(IALOAD);
    mv.visitVarInsn(ISTORE, entry);
    mv.visitVarInsn(ALOAD, st);
    mv.visitInsn(ICONST_0);
    mv.visitInsn(org.objectweb.asm.Opcodes.ICONST_M1);
    mv.visitInsn(IASTORE);
    // Only pc 0 and the targets of backward jumps into earlier regions are ever resumed here
    // (forward region changes are tail calls); one call site per region, shared by its keys.
    java.util.TreeMap<Integer, RegionPlan.Region> targets = new java.util.TreeMap<>();
    targets.put(0, regions.regions().get(0));
    for (int pc = 0; pc < program.size(); pc++) {
      if (cfg.isReachable(pc)) {
        for (int t : cfg.successors(pc)) {
          if (regions.regionOf(t) < regions.regionOf(pc)) {
            targets.put(t, regions.regions().get(regions.regionOf(t)));
          }
        }
      }
    }
    java.util.Map<RegionPlan.Region, Label> callOf = new java.util.LinkedHashMap<>();
    int[] keys = ints(targets.keySet());
    Label[] calls = new Label[keys.length];
    for (int i = 0; i < keys.length; i++) {
      calls[i] = callOf.computeIfAbsent(targets.get(keys[i]), r -> new Label());
    }
    mv.visitVarInsn(ILOAD, entry);
    mv.visitLookupSwitchInsn(done, keys, calls);
    for (java.util.Map.Entry<RegionPlan.Region, Label> call : callOf.entrySet()) {
      bind(mv, call.getValue());
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ILOAD, 1);
      mv.visitVarInsn(ILOAD, 2);
      mv.visitVarInsn(ILOAD, 3);
      mv.visitVarInsn(ILOAD, entry);
      for (int k = 1; k < sig.stateLength(); k++) {
        mv.visitVarInsn(ALOAD, st);
        Emission.push(mv, k);
        mv.visitInsn(IALOAD);
      }
      mv.visitVarInsn(ALOAD, st);
      mv.visitMethodInsn(INVOKESTATIC, className, regionName(call.getKey()), descriptor, false);
      mv.visitVarInsn(ISTORE, result);
      mv.visitJumpInsn(GOTO, check);
    }
    bind(mv, check);
    mv.visitVarInsn(ALOAD, st);
    mv.visitInsn(ICONST_0);
    mv.visitInsn(IALOAD);
    mv.visitJumpInsn(org.objectweb.asm.Opcodes.IFGE, loop);
    bind(mv, done);
    mv.visitVarInsn(ILOAD, result);
    mv.visitInsn(IRETURN);
    finish(mv, "run", 4 + sig.stateLength() + 3, 7);
  }

  /** Saves the machine state for the trampoline and returns to it: a backward region change. */
  private void yieldTo(Emission e, int target) {
    MethodVisitor mv = e.mv;
    int k = 1;
    int[] slots = new int[sig.stateLength()];
    slots[0] = -1;
    slots[k++] = Emission.A;
    slots[k++] = Emission.X;
    for (int w = 0; w < 16; w++) {
      if (sig.scratch(w) >= 0) {
        slots[k++] = sig.scratch(w);
      }
    }
    if (sig.counter()) {
      slots[k] = sig.counterSlot();
    }
    for (int i = 1; i < slots.length; i++) {
      mv.visitVarInsn(ALOAD, sig.stateSlot());
      Emission.push(mv, i);
      e.load(slots[i]);
      mv.visitInsn(IASTORE);
    }
    mv.visitVarInsn(ALOAD, sig.stateSlot());
    mv.visitInsn(ICONST_0);
    e.push(target);
    mv.visitInsn(IASTORE);
    mv.visitInsn(ICONST_0);
    mv.visitInsn(IRETURN);
  }

  /** One region: entry dispatch, then each reachable pc with its guard and emitter. */
  private void region(ClassVisitor cw, RegionPlan.Region r) {
    MethodVisitor mv =
        cw.visitMethod(ACC_PRIVATE | ACC_STATIC, regionName(r), descriptor, null, null);
    Emission e = new Emission(mv, r, sig, program.backwardJumpBudget(), bug);
    mv.visitCode();
    dispatch(e, r);
    List<Lir> steps = Lowering.lower(cfg, bounds, SwitchPlan.plan(cfg, bounds, r), r);
    Set<Integer> framed = framedLabels(steps, r);
    for (Lir step : steps) {
      int pc = step.pc();
      if (step instanceof Lir.Label) {
        Label here = e.target(pc);
        if (framed.contains(pc)) {
          bind(mv, here);
        } else {
          mv.visitLabel(here);
        }
        mv.visitLineNumber(pc, here);
      } else if (step instanceof Lir.GuardLen g) {
        e.load(Emission.CAPLEN);
        e.push(g.caplen());
        mv.visitJumpInsn(org.objectweb.asm.Opcodes.IF_ICMPLT, e.ret0);
      } else if (step instanceof Lir.GuardXNonZero) {
        e.load(Emission.X);
        mv.visitJumpInsn(org.objectweb.asm.Opcodes.IFEQ, e.ret0);
      } else if (step instanceof Lir.Reject) {
        e.reject();
      } else if (step instanceof Lir.Load l) {
        LoadEmitters.emit(e, l);
      } else if (step instanceof Lir.Alu a) {
        AluEmitters.emit(e, a);
      } else if (step instanceof Lir.Branch b) {
        JumpEmitters.branch(e, b);
      } else if (step instanceof Lir.Goto g) {
        JumpEmitters.goTo(e, g);
      } else if (step instanceof Lir.Return ret) {
        JumpEmitters.ret(e, ret);
      } else if (step instanceof Lir.TailJump t) {
        mv.visitJumpInsn(GOTO, e.target(t.target()));
      } else if (step instanceof Lir.Switch sw) {
        lookupSwitch(e, sw.chain());
      } else {
        throw new IllegalStateException("no emitter for " + step);
      }
    }
    bind(mv, e.ret0);
    mv.visitInsn(ICONST_0);
    mv.visitInsn(IRETURN);
    for (Map.Entry<Integer, Label> stub : e.stubs().entrySet()) {
      tailCall(e, stub.getKey(), stub.getValue());
    }
    // Locals are the parameters; the deepest stack is a tail call's arguments (all of them) or an
    // indirect load's bound (a long, a long, then caplen as a long: 4 slots, plus the packet).
    int params = sig.parameterSlots();
    finish(mv, regionName(r), Math.max(params, 6), params);
  }

  /** {@code switch (A) { case k: goto target; ... default: goto default; }}. */
  private static void lookupSwitch(Emission e, SwitchPlan.Switch s) {
    Label[] labels = new Label[s.keys().length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = e.target(s.targets()[i]);
    }
    e.load(Emission.A);
    e.mv.visitLookupSwitchInsn(e.target(s.defaultTarget()), s.keys(), labels);
  }

  private void dispatch(Emission e, RegionPlan.Region r) {
    int first = r.start();
    while (first < r.end() && !cfg.isReachable(first)) {
      first++;
    }
    if (r.entries().size() == 1) {
      int only = r.entries().first();
      if (only != first) {
        e.mv.visitJumpInsn(GOTO, e.target(only));
      }
      return;
    }
    int[] keys = ints(r.entries());
    Label[] labels = new Label[keys.length];
    for (int i = 0; i < keys.length; i++) {
      labels[i] = e.target(keys[i]);
    }
    e.load(Emission.ENTRY);
    e.mv.visitLookupSwitchInsn(e.ret0, keys, labels);
  }

  /**
   * {@code return r<j>(p, off, caplen, wirelen, target, A, X, M..., count[, st])} into a later
   * region, or {@link #yieldTo} an earlier one.
   */
  private void tailCall(Emission e, int target, Label label) {
    MethodVisitor mv = e.mv;
    bind(mv, label);
    if (regions.regionOf(target) < e.region.index()) {
      yieldTo(e, target);
      return;
    }
    mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.load(Emission.CAPLEN);
    e.load(Emission.WIRELEN);
    e.push(target);
    e.load(Emission.A);
    e.load(Emission.X);
    for (int w = 0; w < 16; w++) {
      if (sig.scratch(w) >= 0) {
        e.load(sig.scratch(w));
      }
    }
    if (sig.counter()) {
      e.load(sig.counterSlot());
    }
    if (sig.trampoline()) {
      mv.visitVarInsn(ALOAD, sig.stateSlot());
    }
    RegionPlan.Region to = regions.regions().get(regions.regionOf(target));
    mv.visitMethodInsn(INVOKESTATIC, className, regionName(to), descriptor, false);
    mv.visitInsn(IRETURN);
  }

  /** The values of {@code c} in iteration order (a loop, not a stream: no stream set-up cost). */
  private static int[] ints(java.util.Collection<Integer> c) {
    int[] out = new int[c.size()];
    int i = 0;
    for (int v : c) {
      out[i++] = v;
    }
    return out;
  }
}
