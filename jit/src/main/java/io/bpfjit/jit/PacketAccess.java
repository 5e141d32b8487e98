package io.bpfjit.jit;

import static org.objectweb.asm.Opcodes.BALOAD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;

import io.bpfjit.BpfSemantics;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * How generated code reads the packet: the one place that knows whether it is a {@code byte[]} or a
 * {@link java.nio.ByteBuffer} (direct or read-only, any byte order, read in place at absolute
 * indices). A filter's classes are generated once per kind of packet it is given, from the same
 * pipeline; only the packet parameter's type and these reads differ.
 */
enum PacketAccess {
  /** Reads through {@link JitRuntime}'s byte-array views. */
  ARRAY("[B", "[B", Type.getInternalName(JitRuntime.class)),
  /**
   * Reads through {@link BpfSemantics}'s buffer reads, which every engine shares: an absolute get
   * and an order test, not a byte-buffer view {@code VarHandle}. C1 inlines a view's whole access
   * path at every load of a class it compiles, and a large program's buffer class took it 0.57 s
   * rather than 0.14 s (its array class) to compile, which kept the class from taking over for a
   * second of a run (measured: the 1,053-instruction corpus filter 187 over 1 GB); the get is a
   * call there, which C2 inlines later as it would the view.
   */
  BUFFER("Ljava/nio/ByteBuffer;", "java/nio/ByteBuffer", Type.getInternalName(BpfSemantics.class));

  /** The packet parameter's type in a method descriptor. */
  final String descriptor;

  /** The packet parameter's type in a stack map frame. */
  final String frameType;

  /** The class whose static {@code readInt}/{@code readShort(packet, index)} the code calls. */
  private final String readers;

  PacketAccess(String descriptor, String frameType, String readers) {
    this.descriptor = descriptor;
    this.frameType = frameType;
    this.readers = readers;
  }

  /** {@code int run(packet, int offset, int caplen, int wirelen)}. */
  String runDescriptor() {
    return "(" + descriptor + "III)I";
  }

  /**
   * Stack: packet, index → the unsigned big-endian value of {@code width} bytes there (bounds were
   * checked against caplen; the array's or buffer's own check remains).
   */
  void read(MethodVisitor mv, int width) {
    if (width == 1) {
      readSignedByte(mv);
      Emission.push(mv, 0xff);
      mv.visitInsn(IAND);
      return;
    }
    String name = width == 4 ? "readInt" : "readShort";
    mv.visitMethodInsn(INVOKESTATIC, readers, name, "(" + descriptor + "I)I", false);
  }

  /** Stack: packet, index → the byte there, sign-extended (for a caller that masks it anyway). */
  void readSignedByte(MethodVisitor mv) {
    if (this == ARRAY) {
      mv.visitInsn(BALOAD);
    } else {
      mv.visitMethodInsn(INVOKEVIRTUAL, "java/nio/ByteBuffer", "get", "(I)B", false);
    }
  }
}
