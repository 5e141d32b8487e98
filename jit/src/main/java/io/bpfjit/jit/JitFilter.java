package io.bpfjit.jit;

import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * A compiled filter: the superclass of every generated hidden class. The generated subclass
 * implements {@link #apply(byte[], int, int, int)} and the batch loops; this class keeps what was
 * compiled for inspection. Immutable and thread-safe.
 */
public abstract class JitFilter implements PacketFilter {
  /** What the compiler produced, for debugging and reports. */
  record Info(VerifiedProgram program, byte[] classBytes, Map<String, Integer> methodSizes) {}

  private final Info info;

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
    return info.methodSizes().values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** A copy of the generated class file. */
  public final byte[] classBytes() {
    return info.classBytes().clone();
  }

  /** The generated class as text (ASM's Textifier); line numbers are BPF pcs. */
  public final String bytecodeText() {
    StringWriter out = new StringWriter();
    new ClassReader(info.classBytes())
        .accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
    return out.toString();
  }

  @Override
  public final int count(byte[][] packets) {
    return countArrays(packets);
  }

  @Override
  public final int count(byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n) {
    PacketFilter.checkBatch(offsets, caplens, wirelens, n);
    return countBatch(data, offsets, caplens, wirelens, n);
  }

  @Override
  public final int select(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n, int[] matches) {
    PacketFilter.checkBatch(offsets, caplens, wirelens, n);
    Objects.checkFromIndexSize(0, n, matches.length);
    return selectBatch(data, offsets, caplens, wirelens, n, matches);
  }

  /** Generated: the loop of {@link #count(byte[][])}. */
  protected abstract int countArrays(byte[][] packets);

  /** Generated: the loop of {@link #count(byte[], int[], int[], int[], int)}; arrays checked. */
  protected abstract int countBatch(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n);

  /** Generated: the loop of {@link #select}; arrays checked. */
  protected abstract int selectBatch(
      byte[] data, int[] offsets, int[] caplens, int[] wirelens, int n, int[] matches);

  @Override
  public String toString() {
    return "JitFilter[" + program().size() + " insns, " + methodSizes().size() + " methods]";
  }
}
