package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.capture.internal.SampleTraffic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -} as the capture (stdin) and as {@code -w} (stdout), as in tcpdump; outputs that cannot
 * be written; a stdout that goes away ({@code | head}) or fills up.
 */
class StandardStreamsTest {
  @TempDir Path tmp;
  Path capture;
  Path program;
  byte[] captureBytes;

  @BeforeEach
  void setUp() throws IOException {
    capture = tmp.resolve("in.pcap");
    SampleTraffic.write(capture, 3000, 4);
    captureBytes = Files.readAllBytes(capture);
    program = Files.writeString(tmp.resolve("ip.asm"), CliTest.IP);
  }

  private ByteArrayInputStream stdin() {
    return new ByteArrayInputStream(captureBytes);
  }

  @Test
  void captureFromStdinGivesWhatTheFileGives() throws IOException {
    Path fromFile = tmp.resolve("file.pcap");
    Path fromStdin = tmp.resolve("stdin.pcap");
    CliTest.Run f =
        CliTest.run(
            "filter", "-p", program.toString(), "-w", fromFile.toString(), capture.toString());
    CliTest.Run s =
        CliTest.run(stdin(), "filter", "-p", program.toString(), "-w", fromStdin.toString(), "-");
    assertEquals(0, f.code(), f.err());
    assertEquals(0, s.code(), s.err());
    assertArrayEquals(Files.readAllBytes(fromFile), Files.readAllBytes(fromStdin));
    assertTrue(s.err().startsWith("<stdin>: 3,000 packets, "), s.err());
    CliTest.Run ef = CliTest.run("eval", "-p", program.toString(), capture.toString());
    CliTest.Run es = CliTest.run(stdin(), "eval", "-p", program.toString(), "-");
    assertEquals(3000, ef.out().lines().count());
    assertEquals(ef.out(), es.out());
  }

  @Test
  void damagedStdinNamesItAndKeepsEarlierMatches() throws IOException {
    byte[] cut = Arrays.copyOf(captureBytes, captureBytes.length / 2);
    Path out = tmp.resolve("out.pcap");
    CliTest.Run r =
        CliTest.run(
            new ByteArrayInputStream(cut),
            "filter",
            "-p",
            program.toString(),
            "-w",
            out.toString(),
            "-");
    assertEquals(Main.BAD_CAPTURE, r.code());
    assertTrue(r.err().contains("bpfjit: <stdin>: byte "), r.err());
    assertFalse(CliTest.packets(out).isEmpty());
  }

  @Test
  void matchesToStdoutAreTheFileItWouldWrite() throws IOException {
    Path file = tmp.resolve("out.pcap");
    CliTest.Run f =
        CliTest.run("filter", "-p", program.toString(), "-w", file.toString(), capture.toString());
    CliTest.Run s = CliTest.run("filter", "-p", program.toString(), "-w", "-", capture.toString());
    assertEquals(0, s.code(), s.err());
    assertTrue(f.err().contains(" matched"), f.err());
    byte[] written = Files.readAllBytes(file);
    assertTrue(written.length > 24 + 1000, "some matches: " + written.length);
    assertArrayEquals(written, s.bytes());
    assertFalse(Files.exists(tmp.resolve("-")), "no file named -");
  }

  @Test
  void stdinAndStdoutConflictsAreUsageErrors() {
    CliTest.Run r = CliTest.run(stdin(), "filter", "-p", "-", "-");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("stdin can hold the program (-p -) or the capture (-)"), r.err());
    r = CliTest.run("filter", "-p", program.toString(), "--count", "-w", "-", capture.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--count prints to stdout"), r.err());
    CliTest.assertOneLineNoTrace(r.err());
  }

  @Test
  void anOutputThatCannotBeWrittenIsNamedWithItsOwnStatus() throws IOException {
    Path out = tmp.resolve("no-such-dir").resolve("out.pcap");
    CliTest.Run r =
        CliTest.run("filter", "-p", program.toString(), "-w", out.toString(), capture.toString());
    assertEquals(Main.OUTPUT, r.code());
    assertEquals("bpfjit: " + out + ": cannot write (no such directory)", r.err().strip());
    Path readOnly = Files.createDirectory(tmp.resolve("ro"));
    assertTrue(readOnly.toFile().setWritable(false));
    try {
      out = readOnly.resolve("out.pcap");
      r = CliTest.run("filter", "-p", program.toString(), "-w", out.toString(), capture.toString());
      if (!Files.isWritable(readOnly)) { // root may write anyway
        assertEquals(Main.OUTPUT, r.code());
        assertEquals("bpfjit: " + out + ": cannot write (permission denied)", r.err().strip());
      }
    } finally {
      assertTrue(readOnly.toFile().setWritable(true));
    }
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")), "no temporary file left");
    }
  }

  /**
   * A run killed while it writes (Ctrl-C, kill, timeout) leaves neither the output nor its hidden
   * temporary file, which grew as large as the output. The capture comes through a pipe that stays
   * open, so the run is certainly under way, its records filtered as they arrive.
   */
  @Test
  void aKilledRunLeavesNoTemporaryFile() throws Exception {
    Path out = tmp.resolve("killed.pcap");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.bpfjit.cli.Main",
                "filter",
                "-p",
                program.toString(),
                "-w",
                out.toString(),
                "-")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("log.txt").toFile())
            .start();
    try {
      p.getOutputStream().write(captureBytes);
      p.getOutputStream().flush();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (temporaryFiles().isEmpty()) {
        assertTrue(p.isAlive(), () -> "exited early: " + log());
        assertTrue(System.nanoTime() < deadline, "no temporary file appeared");
        Thread.sleep(20);
      }
      // SIGTERM, the pipe left open (Process.destroy would close it, and the run might reach its
      // end of input first).
      assertTrue(p.toHandle().destroy());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(143, p.exitValue(), this::log);
    assertEquals(List.of(), temporaryFiles());
    assertFalse(Files.exists(out));
  }

  private List<Path> temporaryFiles() throws IOException {
    try (var files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
    }
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("log.txt"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A stdout that fails after {@code limit} bytes with {@code message}, counting what it got. */
  static final class FailingStdout extends OutputStream {
    final long limit;
    final String message;
    long got;
    int writes;

    FailingStdout(long limit, String message) {
      this.limit = limit;
      this.message = message;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writes++;
      if (got + len > limit) {
        throw new IOException(message);
      }
      got += len;
    }
  }

  private CliTest.Run runTo(OutputStream stdout, String... args) {
    StringWriter err = new StringWriter();
    int code = Main.run(args, new Stdout(stdout), new PrintWriter(err), stdin());
    return new CliTest.Run(code, "", new byte[0], err.toString());
  }

  @Test
  void aReaderThatGoesAwayStopsTheRunQuietly() throws IOException {
    Path big = tmp.resolve("big.pcap");
    SampleTraffic.write(big, 200_000, 5);
    for (List<String> args :
        List.of(
            List.of("eval", "-p", program.toString(), big.toString()),
            List.of("filter", "-p", program.toString(), "-w", "-", big.toString()))) {
      FailingStdout head = new FailingStdout(100, "Broken pipe");
      CliTest.Run r = runTo(head, args.toArray(new String[0]));
      assertEquals(Main.READER_GONE, r.code(), args + ": " + r.err());
      assertEquals("", r.err().strip().replaceAll("(?m)^.* packets?, .*$", ""), args.toString());
      assertTrue(head.writes <= 3, args + " stopped after " + head.writes + " writes");
    }
  }

  @Test
  void aFullStdoutIsAnError() {
    for (List<String> args :
        List.of(
            List.of("eval", "-p", program.toString(), capture.toString()),
            List.of("filter", "-p", program.toString(), "-w", "-", capture.toString()),
            List.of("filter", "-p", program.toString(), "--count", capture.toString()),
            List.of("asm", "-p", program.toString(), "--to", "ddd"))) {
      CliTest.Run r =
          runTo(new FailingStdout(0, "No space left on device"), args.toArray(new String[0]));
      assertEquals(Main.OUTPUT, r.code(), args + ": " + r.err());
      assertTrue(
          r.err().strip().endsWith("bpfjit: stdout: cannot write (No space left on device)"),
          args + ": " + r.err());
      CliTest.assertOneLineNoTrace(r.err());
    }
  }
}
