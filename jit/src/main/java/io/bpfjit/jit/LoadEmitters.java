package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.BALOAD;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;

import io.bpfjit.Opcode;
import io.bpfjit.RawInstruction;
import java.util.Map;
import org.objectweb.asm.Type;

/** Emitters for loads and stores. Bounds of absolute reads come from {@link BoundsPlan} guards. */
final class LoadEmitters {
  private static final String RUNTIME = Type.getInternalName(JitRuntime.class);

  private LoadEmitters() {}

  static void register(Map<Opcode, OpEmitter> t) {
    t.put(Opcode.LD_W_ABS, (e, pc, i) -> ldAbs(e, i, 4));
    t.put(Opcode.LD_H_ABS, (e, pc, i) -> ldAbs(e, i, 2));
    t.put(Opcode.LD_B_ABS, (e, pc, i) -> ldAbs(e, i, 1));
    t.put(Opcode.LD_W_IND, (e, pc, i) -> ldInd(e, i, 4));
    t.put(Opcode.LD_H_IND, (e, pc, i) -> ldInd(e, i, 2));
    t.put(Opcode.LD_B_IND, (e, pc, i) -> ldInd(e, i, 1));
    t.put(Opcode.LDX_MSH, LoadEmitters::ldxMsh);
    t.put(Opcode.LD_IMM, (e, pc, i) -> constant(e, Emission.A, i.k()));
    t.put(Opcode.LDX_IMM, (e, pc, i) -> constant(e, Emission.X, i.k()));
    t.put(Opcode.LD_LEN, (e, pc, i) -> move(e, Emission.WIRELEN, Emission.A));
    t.put(Opcode.LDX_LEN, (e, pc, i) -> move(e, Emission.WIRELEN, Emission.X));
    t.put(Opcode.LD_MEM, (e, pc, i) -> move(e, e.scratch(i.k()), Emission.A));
    t.put(Opcode.LDX_MEM, (e, pc, i) -> move(e, e.scratch(i.k()), Emission.X));
    t.put(Opcode.ST, (e, pc, i) -> move(e, Emission.A, e.scratch(i.k())));
    t.put(Opcode.STX, (e, pc, i) -> move(e, Emission.X, e.scratch(i.k())));
    t.put(Opcode.TAX, (e, pc, i) -> move(e, Emission.A, Emission.X));
    t.put(Opcode.TXA, (e, pc, i) -> move(e, Emission.X, Emission.A));
  }

  /** {@code A <- P[k:n]}; the caplen guard for it was placed by the bounds plan. */
  static void ldAbs(Emission e, RawInstruction insn, int width) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(insn.k());
    e.mv.visitInsn(IADD);
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code A <- P[X+k:n]}: fault unless X + k + n ≤ caplen, computed in 64 bits. */
  static void ldInd(Emission e, RawInstruction insn, int width) {
    e.load(Emission.X);
    e.mv.visitInsn(I2L);
    e.mv.visitLdcInsn(0xffffffffL);
    e.mv.visitInsn(LAND);
    e.mv.visitLdcInsn(Integer.toUnsignedLong(insn.k()) + width);
    e.mv.visitInsn(LADD);
    e.load(Emission.CAPLEN);
    e.mv.visitInsn(I2L);
    e.mv.visitInsn(LCMP);
    e.mv.visitJumpInsn(IFGT, e.ret0);
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.load(Emission.X);
    e.mv.visitInsn(IADD);
    if (insn.k() != 0) {
      e.push(insn.k());
      e.mv.visitInsn(IADD);
    }
    read(e, width);
    e.store(Emission.A);
  }

  /** {@code X <- 4 * (P[k:1] & 0xf)}. */
  static void ldxMsh(Emission e, int pc, RawInstruction insn) {
    e.mv.visitVarInsn(ALOAD, Emission.P);
    e.load(Emission.OFF);
    e.push(insn.k());
    e.mv.visitInsn(IADD);
    e.mv.visitInsn(BALOAD);
    e.push(0xf);
    e.mv.visitInsn(IAND);
    e.push(2);
    e.mv.visitInsn(ISHL);
    e.store(Emission.X);
  }

  /** Stack: array, index → the unsigned big-endian value of {@code width} bytes. */
  private static void read(Emission e, int width) {
    switch (width) {
      case 4 -> e.mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "readInt", "([BI)I", false);
      case 2 -> e.mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "readShort", "([BI)I", false);
      default -> {
        e.mv.visitInsn(BALOAD);
        e.push(0xff);
        e.mv.visitInsn(IAND);
      }
    }
  }

  /** {@code R <- k}. */
  static void constant(Emission e, int slot, int k) {
    e.push(k);
    e.store(slot);
  }

  /** {@code to <- from}. */
  static void move(Emission e, int from, int to) {
    e.load(from);
    e.store(to);
  }
}
