package io.bpfjit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each engine's short job runs with the class path its user has. */
class ShortJobTest {
  private static final List<String> ALL =
      List.of(
          "/b/bench/target/classes",
          "/b/verifier/target/bpfjit-verifier-0.2.0.jar",
          "/b/capture/target/bpfjit-capture-0.2.0.jar",
          "/b/interpreter/target/bpfjit-interpreter-0.2.0.jar",
          "/b/jit/target/bpfjit-jit-0.2.0.jar",
          "/m2/org/ow2/asm/asm/9.11.1/asm-9.11.1.jar",
          "/m2/org/ow2/asm/asm-tree/9.11.1/asm-tree-9.11.1.jar",
          "/m2/org/pcap4j/pcap4j-core/1.8.2/pcap4j-core-1.8.2.jar");

  private static List<String> kept(String engine) {
    String path = ShortJob.classPathFor(engine, String.join(File.pathSeparator, ALL));
    return List.of(path.split(File.pathSeparator));
  }

  @Test
  void theJitsClassPathHasNoInterpreterJar() {
    List<String> want = new java.util.ArrayList<>(ALL);
    want.remove(3);
    assertEquals(want, kept("jit"));
    assertEquals(want, kept("jit-untiered"));
    assertEquals(want, kept("first-tier"));
  }

  @Test
  void theInterpretersClassPathHasNeitherTheJitNorAsm() {
    assertEquals(
        List.of(ALL.get(0), ALL.get(1), ALL.get(2), ALL.get(3), ALL.get(7)), kept("interpreter"));
  }

  @Test
  void libpcapsEngineKeepsEverything() {
    assertEquals(ALL, kept("pcap4j"));
  }
}
