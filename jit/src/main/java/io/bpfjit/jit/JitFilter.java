package io.bpfjit.jit;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled filter: the superclass of every generated hidden class. The generated subclass
 * implements {@link #apply(byte[], int, int, int)}; this class keeps what was compiled for
 * inspection, and defines the batch loops' class ({@link JitBulk}) on the first batch call.
 * Immutable (but for that one-time, idempotent definition) and thread-safe.
 */
public abstract class JitFilter implements PacketFilter {
  /** What the compiler produced, for debugging and reports. */
  record Info(
      VerifiedProgram program,
      JitOptions options,
      byte[] classBytes,
      Map<String, Integer> methodSizes) {}

  private final Info info;

  /** The batch loops, defined on first use; a race defines two equal classes, one is kept. */
  private volatile JitBulk bulk;

  /** Called by the generated constructor. */
  protected JitFilter(Object info) {
    this.info = (Info) Objects.requireNonNull(info);
  }

  /** The program this filter runs. */
  public final VerifiedProgram program() {
    return info.program();
  }

  /** Bytecode size in bytes of every generated method, by method name. */
  public final Map<String, Integer> methodSizes() {
    return info.methodSizes();
  }

  /** The size of the largest generated method, in bytes. */
  public final int largestMethodSize() {
    return ClassAssembler.Assembled.largest(info.methodSizes());
  }

  /** A copy of the generated class file. */
  public final byte[] classBytes() {
    return info.classBytes().clone();
  }

  /** The generated class as text (ASM's Textifier); line numbers are BPF pcs. */
  public final String bytecodeText() {
    return ClassText.of(info.classBytes());
  }

  /**
   * The class of the batch loops, compiled now if no batch call has done so yet. A caller that
   * wants no compile on its first batch calls this once up front.
   */
  public final JitFilter prepareBatches() {
    bulk();
    return this;
  }

  /** The batch loops' class as text, like {@link #bytecodeText()}. */
  public final String batchBytecodeText() {
    return ClassText.of(batchClassBytes());
  }

  /** The batch loops' class file (generated again; for tests). */
  final byte[] batchClassBytes() {
    return BpfJit.generateBulk(info).bytes();
  }

  private JitBulk bulk() {
    JitBulk b = bulk;
    if (b == null) {
      b = BpfJit.defineBulk(info);
      bulk = b;
    }
    return b;
  }

  @Override
  public final int count(byte[][] packets) {
    return bulk().countArrays(packets);
  }

  @Override
  public final int count(byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n) {
    PacketFilter.checkBatch(offsets, caplens, wirelens, n);
    return bulk().countBatch(data, offsets, caplens, wirelens, n);
  }

  @Override
  public final int select(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n, int[] matches) {
    PacketFilter.checkBatch(offsets, caplens, wirelens, n);
    Objects.checkFromIndexSize(0, n, matches.length);
    return bulk().selectBatch(data, offsets, caplens, wirelens, n, matches);
  }

  @Override
  public String toString() {
    return "JitFilter[" + program().size() + " insns, " + methodSizes().size() + " methods]";
  }
}
