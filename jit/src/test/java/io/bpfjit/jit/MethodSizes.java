package io.bpfjit.jit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/** Reads the {@code code_length} of every method from a class file (JVMS §4.7.3). */
final class MethodSizes {
  private MethodSizes() {}

  static Map<String, Integer> of(byte[] classFile) {
    ClassReader r = new ClassReader(classFile);
    char[] buf = new char[r.getMaxStringLength()];
    int p = r.header + 6;
    p += 2 + 2 * r.readUnsignedShort(p); // interfaces
    int fields = r.readUnsignedShort(p);
    p += 2;
    for (int i = 0; i < fields; i++) {
      p = skipMember(r, p);
    }
    int methods = r.readUnsignedShort(p);
    p += 2;
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < methods; i++) {
      String name = r.readUTF8(p + 2, buf);
      int attrs = r.readUnsignedShort(p + 6);
      int a = p + 8;
      for (int j = 0; j < attrs; j++) {
        String attr = r.readUTF8(a, buf);
        int len = r.readInt(a + 2);
        if (attr.equals("Code")) {
          sizes.put(name, r.readInt(a + 10));
        }
        a += 6 + len;
      }
      p = a;
    }
    return sizes;
  }

  private static int skipMember(ClassReader r, int p) {
    int attrs = r.readUnsignedShort(p + 6);
    int a = p + 8;
    for (int j = 0; j < attrs; j++) {
      a += 6 + r.readInt(a + 2);
    }
    return a;
  }
}
