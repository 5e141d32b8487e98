package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.SIPUSH;

import io.bpfjit.jit.internal.PlantedBug;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Stage 4 state for one region method: the visitor, the local-variable layout, the label of every
 * pc, the shared {@code return 0} label and the tail-call stubs into other regions. Emitters ask it
 * for {@link #target(int)}; what falls through was decided by {@link Lowering} ({@link Lir}).
 */
final class Emission {
  static final int P = RegionSignature.P;
  static final int OFF = RegionSignature.OFF;
  static final int CAPLEN = RegionSignature.CAPLEN;
  static final int WIRELEN = RegionSignature.WIRELEN;
  static final int ENTRY = RegionSignature.ENTRY;
  static final int A = RegionSignature.A;
  static final int X = RegionSignature.X;

  final MethodVisitor mv;
  final RegionPlan.Region region;
  final Label ret0 = new Label();
  final int backwardJumpBudget;
  private final Label[] labels;
  private final RegionSignature sig;
  final PlantedBug bug;

  /** How the packet is read: {@code byte[]} or {@code ByteBuffer}. */
  final PacketAccess access;

  private final Map<Integer, Label> stubs = new TreeMap<>();

  Emission(
      MethodVisitor mv,
      RegionPlan.Region region,
      RegionSignature sig,
      int backwardJumpBudget,
      PlantedBug bug) {
    this.mv = mv;
    this.region = region;
    this.sig = sig;
    this.access = sig.access();
    this.bug = bug;
    this.backwardJumpBudget = backwardJumpBudget;
    this.labels = new Label[region.end() - region.start()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = new Label();
    }
  }

  /** The label of pc's code, or of a tail-call stub when pc lies in another region. */
  Label target(int pc) {
    if (inRegion(pc)) {
      return labels[pc - region.start()];
    }
    return stubs.computeIfAbsent(pc, t -> new Label());
  }

  boolean inRegion(int pc) {
    return pc >= region.start() && pc < region.end();
  }

  /** Branches to {@code target} unless it is {@code next}, the pc emitted next ({@link Lir}). */
  void jump(int target, int next) {
    if (target != next) {
      mv.visitJumpInsn(GOTO, target(target));
    }
  }

  Map<Integer, Label> stubs() {
    return stubs;
  }

  int scratch(int word) {
    return sig.scratch(word);
  }

  int counter() {
    return sig.counterSlot();
  }

  void load(int slot) {
    mv.visitVarInsn(ILOAD, slot);
  }

  void store(int slot) {
    mv.visitVarInsn(ISTORE, slot);
  }

  /** Pushes an int constant with the shortest instruction. */
  void push(int v) {
    push(mv, v);
  }

  /** Pushes an int constant with the shortest instruction. */
  static void push(MethodVisitor mv, int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  /** Goes to the shared {@code return 0}. */
  void reject() {
    mv.visitJumpInsn(GOTO, ret0);
  }
}
