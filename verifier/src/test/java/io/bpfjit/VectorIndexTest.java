package io.bpfjit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.InvalidProgramException.Reason;
import io.bpfjit.testing.TestVector;
import io.bpfjit.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The vector INDEX files list exactly the files present, and every reason has a vector. */
class VectorIndexTest {
  @Test
  void indexMatchesDirectory() throws IOException {
    for (String dir : List.of("vectors", "regressions")) {
      Path path = Path.of("src/test/resources", dir);
      Set<String> present;
      try (Stream<Path> files = Files.list(path)) {
        present =
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".bpft"))
                .collect(Collectors.toSet());
      }
      assertEquals(present, Set.copyOf(Vectors.index(dir)), dir + "/INDEX");
    }
  }

  @Test
  void everyReasonHasAVector() {
    EnumSet<Reason> seen = EnumSet.noneOf(Reason.class);
    for (TestVector v : Vectors.all()) {
      if (v.errorReason() != null) {
        seen.add(v.errorReason());
      }
    }
    assertEquals(EnumSet.allOf(Reason.class), seen);
  }

  @Test
  void enoughVectors() {
    assertTrue(Vectors.all().size() >= 60, "vectors: " + Vectors.all().size());
  }
}
