package io.bpfjit.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Generated classes are hidden and not strongly linked: 200,000 of them fit a 24 MB metaspace. */
class ClassUnloadingTest {
  @Test
  void twoHundredThousandProgramsInASmallMetaspace() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java.toString(),
                "-XX:MaxMetaspaceSize=24m",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                UnloadMain.class.getName(),
                "200000"));
    pb.redirectErrorStream(true);
    Process proc = pb.start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(proc.waitFor(10, TimeUnit.MINUTES), "forked JVM did not finish");
    assertEquals(0, proc.exitValue(), out);
    assertTrue(out.contains("compiled 200000 matched 200000"), out);
  }
}
