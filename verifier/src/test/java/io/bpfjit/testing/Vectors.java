package io.bpfjit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the hand-written vectors ({@code vectors/*.bpft}) and regressions ({@code
 * regressions/*.bpft}) from the classpath, via each directory's {@code INDEX} (one file name per
 * line; a test checks INDEX against the directory).
 */
public final class Vectors {
  private Vectors() {}

  /** All vectors of {@code vectors/} and {@code regressions/}. */
  public static List<TestVector> all() {
    List<TestVector> out = new ArrayList<>(load("vectors"));
    out.addAll(load("regressions"));
    return out;
  }

  /** The vectors listed in {@code dir/INDEX}. */
  public static List<TestVector> load(String dir) {
    List<TestVector> out = new ArrayList<>();
    for (String name : index(dir)) {
      out.add(TestVector.parse(dir + "/" + name, resource(dir + "/" + name)));
    }
    return out;
  }

  /** The names in {@code dir/INDEX}. */
  public static List<String> index(String dir) {
    List<String> names = new ArrayList<>();
    for (String line : resource(dir + "/INDEX").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.strip());
      }
    }
    return names;
  }

  static String resource(String path) {
    try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
