package io.bpfjit.jit;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * A class file as text (ASM's Textifier). A class of its own so that asm-util is loaded only when a
 * listing is asked for, not when a filter class is verified.
 */
final class ClassText {
  private ClassText() {}

  static String of(byte[] classFile) {
    StringWriter out = new StringWriter();
    new ClassReader(classFile)
        .accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
    return out.toString();
  }
}
