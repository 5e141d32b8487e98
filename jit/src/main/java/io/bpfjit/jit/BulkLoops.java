package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARRAYLENGTH;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.F_FULL;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INTEGER;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;

import io.bpfjit.PacketFilter;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The batch loops of a {@link JitBulk} class: each calls the program's first region (or the
 * trampoline) directly, so the per-packet call is monomorphic and inlined whatever the caller.
 */
final class BulkLoops {
  private static final String PACKET_FILTER = Type.getInternalName(PacketFilter.class);

  private BulkLoops() {}

  static void write(ClassAssembler a, ClassVisitor cw) {
    countArrays(a, cw);
    batch(a, cw, false);
    batch(a, cw, true);
  }

  /** {@code for (byte[] p : packets) if (run(p, 0, p.length, p.length) != 0) c++;}. */
  private static void countArrays(ClassAssembler a, ClassVisitor cw) {
    MethodVisitor mv = cw.visitMethod(ACC_FINAL, "countArrays", "([[B)I", null, null);
    mv.visitCode();
    Label loop = new Label();
    Label skip = new Label();
    Label end = new Label();
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, 2); // i
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, 3); // matches
    mv.visitLabel(loop);
    mv.visitFrame(F_FULL, 4, new Object[] {a.className, "[[B", INTEGER, INTEGER}, 0, new Object[0]);
    mv.visitVarInsn(ILOAD, 2);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitInsn(ARRAYLENGTH);
    mv.visitJumpInsn(IF_ICMPGE, end);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitVarInsn(ILOAD, 2);
    mv.visitInsn(AALOAD);
    mv.visitVarInsn(ASTORE, 4);
    mv.visitVarInsn(ALOAD, 4);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ALOAD, 4);
    mv.visitInsn(ARRAYLENGTH);
    mv.visitVarInsn(ALOAD, 4);
    mv.visitInsn(ARRAYLENGTH);
    a.callProgram(mv);
    mv.visitJumpInsn(IFEQ, skip);
    mv.visitIincInsn(3, 1);
    ClassAssembler.bind(mv, skip);
    mv.visitIincInsn(2, 1);
    mv.visitJumpInsn(GOTO, loop);
    ClassAssembler.bind(mv, end);
    mv.visitVarInsn(ILOAD, 3);
    mv.visitInsn(IRETURN);
    a.finish(mv, "countArrays", a.callStack(), 5);
  }

  /** The batch loops over (data, offsets, caplens, wirelens, n[, matches]). */
  private static void batch(ClassAssembler a, ClassVisitor cw, boolean select) {
    String name = select ? "selectBatch" : "countBatch";
    String desc = select ? "([B[I[I[II[I)I" : "([B[I[I[II)I";
    MethodVisitor mv = cw.visitMethod(ACC_FINAL, name, desc, null, null);
    int i = select ? 7 : 6;
    int c = i + 1;
    int off = i + 2;
    int cap = i + 3;
    mv.visitCode();
    Label loop = new Label();
    Label skip = new Label();
    Label end = new Label();
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, i);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, c);
    mv.visitLabel(loop);
    Object[] locals =
        select
            ? new Object[] {a.className, "[B", "[I", "[I", "[I", INTEGER, "[I", INTEGER, INTEGER}
            : new Object[] {a.className, "[B", "[I", "[I", "[I", INTEGER, INTEGER, INTEGER};
    mv.visitFrame(F_FULL, locals.length, locals, 0, new Object[0]);
    mv.visitVarInsn(ILOAD, i);
    mv.visitVarInsn(ILOAD, 5);
    mv.visitJumpInsn(IF_ICMPGE, end);
    loadElement(mv, 2, i);
    mv.visitVarInsn(ISTORE, off);
    loadElement(mv, 3, i);
    mv.visitVarInsn(ISTORE, cap);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitVarInsn(ILOAD, off);
    mv.visitVarInsn(ILOAD, cap);
    mv.visitMethodInsn(INVOKESTATIC, PACKET_FILTER, "checkRegion", "([BII)V", true);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitVarInsn(ILOAD, off);
    mv.visitVarInsn(ILOAD, cap);
    loadElement(mv, 4, i);
    a.callProgram(mv);
    mv.visitJumpInsn(IFEQ, skip);
    if (select) {
      mv.visitVarInsn(ALOAD, 6);
      mv.visitVarInsn(ILOAD, c);
      mv.visitVarInsn(ILOAD, i);
      mv.visitInsn(IASTORE);
    }
    mv.visitIincInsn(c, 1);
    ClassAssembler.bind(mv, skip);
    mv.visitIincInsn(i, 1);
    mv.visitJumpInsn(GOTO, loop);
    ClassAssembler.bind(mv, end);
    mv.visitVarInsn(ILOAD, c);
    mv.visitInsn(IRETURN);
    a.finish(mv, name, a.callStack() + 2, cap + 1); // + an index array and its index
  }

  private static void loadElement(MethodVisitor mv, int array, int index) {
    mv.visitVarInsn(ALOAD, array);
    mv.visitVarInsn(ILOAD, index);
    mv.visitInsn(IALOAD);
  }
}
