package io.bpfjit.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code ../shared} data beside the checkout. Tests that need it call {@link
 * #corpus()}: when it is absent they are skipped with a loud message, unless the system property
 * {@code bpfjit.requireShared=true} (set by {@code -Pci}, which {@code .ci/run} uses) makes that a
 * failure.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared directory, or fails/skips as described above. */
  public static Path shared() {
    String configured = System.getProperty("bpfjit.shared");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    Path normalized = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(normalized.resolve("corpus"))) {
      String msg = "SKIPPING: ../shared/corpus not found at " + normalized;
      if (Boolean.getBoolean("bpfjit.requireShared")) {
        fail(msg.replace("SKIPPING", "FAIL (bpfjit.requireShared=true)"));
      }
      System.err.println("*** " + msg + " — corpus tests did not run ***");
      assumeTrue(false, msg);
    }
    return normalized;
  }

  /** {@code ../shared/corpus}. */
  public static Path corpus() {
    return shared().resolve("corpus");
  }
}
