package io.bpfjit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.VerifiedProgram;
import io.bpfjit.Verifier;
import io.bpfjit.capture.CaptureReader;
import io.bpfjit.capture.internal.SampleTraffic;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.JitFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  static final String IP = "ldh [12]\njeq #0x800, keep, drop\nkeep: ret #262144\ndrop: ret #0\n";
  static final String SNAP = "ldh [12]\njeq #0x800, keep, drop\nkeep: ret #20\ndrop: ret #0\n";

  @TempDir Path tmp;
  Path capture;
  Path program;

  /** A finished run: exit status, stdout as text and as bytes, stderr. */
  record Run(int code, String out, byte[] bytes, String err) {}

  static Run run(String... args) {
    return run(System.in, args);
  }

  /** A run with {@code stdin} as standard input. */
  static Run run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new Stdout(out), new PrintWriter(err), stdin);
    byte[] bytes = out.toByteArray();
    return new Run(code, new String(bytes, StandardCharsets.UTF_8), bytes, err.toString());
  }

  @BeforeEach
  void setUp() throws IOException {
    capture = tmp.resolve("in.pcap");
    SampleTraffic.write(capture, 2000, 9);
    program = tmp.resolve("ip.asm");
    Files.writeString(program, IP);
  }

  static List<byte[]> packets(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (CaptureReader in = CaptureReader.open(file)) {
      while (in.next()) {
        out.add(Arrays.copyOfRange(in.buffer(), in.offset(), in.offset() + in.caplen()));
      }
    }
    return out;
  }

  static void assertOneLineNoTrace(String err) {
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    assertTrue(err.strip().lines().count() <= 2, "short error: " + err);
  }

  @Test
  void filterWritesExactlyTheMatchingPackets() throws IOException {
    Path out = tmp.resolve("out.pcap");
    Run r =
        run(
            "filter",
            "-p",
            program.toString(),
            "-w",
            out.toString(),
            "--count",
            capture.toString());
    assertEquals(0, r.code(), r.err());
    PacketFilter oracle = BpfInterpreter.of(BpfProgram.parse(IP));
    List<byte[]> expected = new ArrayList<>();
    for (byte[] p : packets(capture)) {
      if (oracle.apply(p, 0, p.length, p.length) != 0) {
        expected.add(p);
      }
    }
    List<byte[]> written = packets(out);
    assertEquals(expected.size(), written.size());
    for (int i = 0; i < written.size(); i++) {
      assertTrue(Arrays.equals(expected.get(i), written.get(i)), "packet " + i);
    }
    assertEquals(Integer.toString(expected.size()), r.out().strip());
    assertTrue(
        r.err().contains("2,000 packets, " + String.format("%,d", expected.size()) + " matched"),
        r.err());
    Path single = tmp.resolve("one.pcap");
    SampleTraffic.write(single, 1, 9);
    Run one = run("filter", "-p", program.toString(), single.toString());
    assertTrue(one.err().startsWith(single + ": 1 packet, "), one.err());
  }

  /**
   * The output's header copies the input's link-type field and snapshot length, as {@code tcpdump
   * -r in -w out} does, also when nothing matched (an empty capture of link type 0, DLT_NULL, once
   * came out as Ethernet).
   */
  @Test
  void outputHeaderCopiesTheInputs() throws IOException {
    byte[] whole = Files.readAllBytes(capture);
    Path none = Files.writeString(tmp.resolve("none.asm"), "ret #0\n");
    for (int[] header : new int[][] {{1536, 1}, {18, 0x30000001}, {256, 0}, {0, 1}}) {
      ByteBuffer.wrap(whole)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt(16, header[0])
          .putInt(20, header[1]);
      Path in = Files.write(tmp.resolve("h.pcap"), whole);
      for (Path prog : List.of(program, none)) {
        Path out = tmp.resolve("h-out.pcap");
        Run r = run("filter", "-p", prog.toString(), "-w", out.toString(), in.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(prog == none, packets(out).isEmpty());
        ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, h.getInt(0));
        assertEquals(header[0] > 0 ? header[0] : 262144, h.getInt(16), Arrays.toString(header));
        assertEquals(header[1], h.getInt(20), Arrays.toString(header));
      }
    }
  }

  @Test
  void interpreterEngineAgrees() {
    Run jit = run("filter", "-p", program.toString(), "--count", capture.toString());
    Run interp =
        run(
            "filter",
            "-p",
            program.toString(),
            "--count",
            "--engine",
            "interpreter",
            capture.toString());
    assertEquals(jit.out(), interp.out());
  }

  /**
   * A long run (a large capture) has the JIT warm up its class from the first packets on; a short
   * one leaves that to the JIT's own accounting, which a few packets never reach.
   */
  @Test
  void longRunsWarmUpTheJitFromTheStart() throws InterruptedException {
    VerifiedProgram ip = Verifier.verify(BpfProgram.parse(IP));
    JitFilter eager = (JitFilter) Engine.jit.create(ip, true, false);
    JitFilter eagerInPlace = (JitFilter) Engine.jit.create(ip, true, true);
    JitFilter lazy = (JitFilter) Engine.jit.create(ip, false, true);
    byte[] packet = new byte[60];
    packet[12] = 0x08;
    ByteBuffer direct = ByteBuffer.allocateDirect(60).put(packet).flip();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(eager.runsGeneratedCode() && eagerInPlace.buffersRunGeneratedCode())
        && System.nanoTime() < deadline) {
      assertEquals(262144, eager.apply(packet));
      assertEquals(262144, eagerInPlace.apply(direct, 60));
      assertEquals(262144, lazy.apply(direct, 60));
      Thread.sleep(1);
    }
    assertTrue(eager.runsGeneratedCode());
    // In place, the class that reads buffers is the one warmed up, and the array one never made.
    assertTrue(eagerInPlace.buffersRunGeneratedCode());
    assertFalse(eagerInPlace.runsGeneratedCode());
    assertFalse(lazy.runsGeneratedCode());
    assertFalse(lazy.buffersRunGeneratedCode());
    assertTrue(Engine.interpreter.create(ip, true, true) instanceof BpfInterpreter);
  }

  @Test
  void snapCutsWrittenPacketsToTheResult() throws IOException {
    Path prog = tmp.resolve("snap.asm");
    Files.writeString(prog, SNAP);
    Path out = tmp.resolve("snap.pcap");
    assertEquals(
        0,
        run("filter", "-p", prog.toString(), "--snap", "-w", out.toString(), capture.toString())
            .code());
    List<byte[]> written = packets(out);
    assertFalse(written.isEmpty());
    assertTrue(written.stream().allMatch(p -> p.length <= 20));
  }

  @Test
  void evalPrintsOneResultPerPacket() {
    Run r = run("eval", "-p", program.toString(), capture.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2000, lines.size());
    assertTrue(lines.stream().allMatch(l -> l.equals("0") || l.equals("262144")));
  }

  @Test
  void verifyAcceptsAndRejects() throws IOException {
    Run ok = run("verify", "-p", program.toString());
    assertEquals(0, ok.code());
    int size = BpfProgram.parse(IP).size();
    assertEquals(program + ": ok, " + size + " instructions (LIBPCAP)\n", ok.out());
    Path one = Files.writeString(tmp.resolve("one.asm"), "ret #0\n");
    assertEquals(
        one + ": ok, 1 instruction (STRICT)\n",
        run("verify", "--strict", "-p", one.toString()).out());
    Path bad = tmp.resolve("bad.asm");
    Files.writeString(bad, "ld #1\ndiv #0\nret a\n");
    Run r = run("verify", "-p", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("pc 1 (div #0)") && r.out().contains("DIV_BY_ZERO"), r.out());
    Path loop = tmp.resolve("loop.asm");
    Files.writeString(loop, "l: ld #1\nja l\nret a\n");
    Run loops = run("verify", "-p", loop.toString());
    assertEquals(0, loops.code());
    assertTrue(loops.out().endsWith(": ok, 3 instructions (LIBPCAP), has loops\n"), loops.out());
    assertEquals(1, run("verify", "--strict", "-p", loop.toString()).code());
  }

  @Test
  void asmConvertsBetweenForms() throws IOException {
    Run d = run("asm", "-p", program.toString());
    assertEquals(BpfProgram.parse(IP).toAssembly(), d.out());
    for (String form : List.of("dd", "ddd", "comma")) {
      Run r = run("asm", "-p", program.toString(), "--to", form);
      assertEquals(BpfProgram.parse(IP), BpfProgram.parse(r.out()), form);
    }
  }

  @Test
  void badInputsGiveOneLineAndTheirExitCodes() throws IOException {
    Path badText = tmp.resolve("bad.txt");
    Files.writeString(badText, "ldh [12]\njeq #0x8g0, a, b\n");
    Run r = run("filter", "-p", badText.toString(), capture.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("line 2, column 6"), r.err());
    assertOneLineNoTrace(r.err());

    r = run("filter", "-p", tmp.resolve("missing.bpf").toString(), capture.toString());
    assertEquals(2, r.code());
    assertOneLineNoTrace(r.err());
    assertFalse(r.err().contains("expression?"), r.err());

    r = run("filter", "-p", "tcp port 80", capture.toString());
    assertEquals(2, r.code());
    assertEquals(
        "bpfjit: tcp port 80: no such program file (an expression? give it after the capture:"
            + " bpfjit filter CAPTURE 'tcp port 80')",
        r.err().strip());

    r = run("filter", "-p", program.toString(), tmp.resolve("missing.pcap").toString());
    assertEquals(3, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
    assertOneLineNoTrace(r.err());

    r = run("filter", "--bogus");
    assertEquals(2, r.code());
    assertOneLineNoTrace(r.err());

    r = run("filter", "-p", program.toString(), "--engine", "nope", capture.toString());
    assertEquals(2, r.code());

    Path invalid = tmp.resolve("invalid.asm");
    Files.writeString(invalid, "ld #1\n");
    r = run("filter", "-p", invalid.toString(), capture.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("bpfjit: " + invalid + ": rejected: pc 0 (ld #0x1): "), r.err());
    assertTrue(r.err().contains("not a return"), r.err());
    assertEquals(r.err(), run("eval", "-p", invalid.toString(), capture.toString()).err());

    Path demoPrograms = Files.createDirectories(tmp.resolve("demo-programs"));
    Files.writeString(demoPrograms.resolve("a.bpf"), IP);
    Path garbage = Files.writeString(demoPrograms.resolve("b.bpf"), "garbage\n");
    Path demoDir = tmp.resolve("demo");
    r = run("demo", "--programs", demoPrograms.toString(), "--dir", demoDir.toString());
    assertEquals(2, r.code());
    assertEquals(
        "bpfjit: " + garbage + ": line 1, column 1: unknown mnemonic 'garbage'", r.err().strip());
    assertFalse(Files.exists(demoDir), "no capture generated before the programs are checked");
    Files.writeString(garbage, "ld #1\n");
    r = run("demo", "--programs", demoPrograms.toString(), "--dir", demoDir.toString());
    assertTrue(r.err().startsWith("bpfjit: " + garbage + ": rejected: pc 0"), r.err());
  }

  /** Damaged captures: exit 3, one line with the byte offset, a valid output of earlier matches. */
  @Test
  void damagedCapturesKeepEarlierMatches() throws IOException {
    byte[] good = Files.readAllBytes(capture);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 60; i++) {
      byte[] bad = Arrays.copyOf(good, 24 + rnd.nextInt(good.length - 24));
      if (i % 2 == 1) {
        for (int f = 0; f < 3; f++) {
          bad[24 + rnd.nextInt(bad.length - 24)] = (byte) rnd.nextInt(256);
        }
      }
      Path in = tmp.resolve("bad.pcap");
      Files.write(in, bad);
      Path out = tmp.resolve("bad-out.pcap");
      Run r = run("filter", "-p", program.toString(), "-w", out.toString(), in.toString());
      assertTrue(r.code() == 0 || r.code() == 3, r.err());
      assertOneLineNoTrace(
          r.err()
              .lines()
              .filter(l -> !l.matches(".* packets?, .* matched, .*"))
              .reduce("", String::concat));
      if (r.code() == 3) {
        assertTrue(r.err().contains(": byte "), r.err());
      }
      packets(out); // a valid capture whatever happened
      // The same through pipes: stdin in, stdout out, the same bytes and status.
      Run piped =
          run(new ByteArrayInputStream(bad), "filter", "-p", program.toString(), "-w", "-", "-");
      assertEquals(r.code(), piped.code(), piped.err());
      assertArrayEquals(Files.readAllBytes(out), piped.bytes(), "stdout as the file, case " + i);
    }
  }

  @Test
  void fuzzSubcommandRunsABoundedCampaign() {
    Run r = run("fuzz", "--cases", "300", "--seed", "5", "--out", tmp.resolve("ff").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, run("fuzz", "--bogus", "1").code());
    java.io.PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    try { // the fuzz module writes this one itself
      assertEquals(2, run("fuzz", "--seconds", "1", "--samples", program.toString()).code());
    } finally {
      System.setErr(saved);
    }
    assertEquals(
        "bpfjit: " + program + ": byte 0: not a pcap or pcapng file (magic 0x6c646820)",
        err.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void fuzzedProgramFilesNeverGiveAStackTrace() throws IOException {
    SplittableRandom rnd = new SplittableRandom(8);
    String[] forms = {
      BpfProgram.parse(IP).toAssembly(), BpfProgram.parse(IP).toDecimal(),
      BpfProgram.parse(IP).toCArray(), BpfProgram.parse(IP).toComma()
    };
    String alphabet = " \t\n,#[]{}()x+-:;0123456789abcdefjtMldhbretax\u00e9\u0000";
    for (int i = 0; i < 200; i++) {
      StringBuilder text = new StringBuilder(forms[rnd.nextInt(forms.length)]);
      for (int e = 0; e < 1 + rnd.nextInt(4) && text.length() > 0; e++) {
        int at = rnd.nextInt(text.length());
        text.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      Path prog = tmp.resolve("fuzzed.bpf");
      Files.writeString(prog, text);
      Run r = run("verify", "-p", prog.toString());
      assertTrue(r.code() >= 0 && r.code() <= 2, r.err());
      assertOneLineNoTrace(r.err());
      assertTrue(r.err().chars().allMatch(c -> c == '\n' || c >= 0x20), "printable: " + r.err());
    }
  }

  /**
   * A capture or other binary file given as the program is named as such, not quoted; a text over
   * the size limit is not read; what a terminal would not show is escaped in the found token; a
   * byte-order mark is not part of the program.
   */
  @Test
  void binaryOversizedAndUnprintableProgramTexts() throws IOException {
    Run r = run("filter", "-p", capture.toString(), program.toString());
    assertEquals(2, r.code());
    assertEquals(
        "bpfjit: "
            + capture
            + ": a capture file, not a program text (-p takes the program; the capture comes last)",
        r.err().lines().findFirst().orElseThrow());

    Path binary = Files.write(tmp.resolve("a.out"), new byte[] {0x7f, 'E', 'L', 'F', 2, 0, 1});
    r = run("verify", "-p", binary.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(": binary data (a NUL byte at offset 5), not a program"), r.err());
    byte[] late = new byte[20_000];
    Arrays.fill(late, (byte) ' ');
    late[10_000] = 0;
    r = run("verify", "-p", Files.write(tmp.resolve("late.bin"), late).toString());
    assertTrue(r.err().contains(": binary data (a NUL byte at offset 10000), not a"), r.err());

    byte[] huge = new byte[ProgramOption.LARGEST_TEXT + 1];
    Arrays.fill(huge, (byte) ' ');
    r = run(new java.io.ByteArrayInputStream(huge), "verify", "-p", "-");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("<stdin>: larger than 64 MiB, not a program text"), r.err());

    Path control = Files.writeString(tmp.resolve("ctl.asm"), "ld [12]\nret #0\u0001\u001b[2J\n");
    r = run("verify", "-p", control.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("found '\\x01\\x1b[2J'"), r.err());
    assertTrue(r.err().chars().allMatch(c -> c == '\n' || c >= 0x20 && c != 0x7f), r.err());

    Path marked =
        Files.writeString(tmp.resolve("bom.ddd"), "\uFEFF" + BpfProgram.parse(IP).toDecimal());
    r = run("verify", "-p", marked.toString());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void programFromStdinDash() {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(BpfProgram.parse(IP).toDecimal().getBytes()));
      Run r = run("filter", "-p", "-", "--count", capture.toString());
      assertEquals(0, r.code(), r.err());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void helpForEveryCommandAndTheTopLevel() {
    Run top = run();
    assertEquals(0, top.code());
    for (String cmd : List.of("filter", "eval", "verify", "asm", "demo", "fuzz", "report")) {
      assertTrue(top.out().contains("\n  " + cmd + " "), cmd + " listed: " + top.out());
      Run h = run(cmd, "--help");
      assertEquals(0, h.code(), cmd);
      assertTrue(h.out().startsWith("usage: bpfjit " + cmd), h.out());
      assertTrue(h.out().contains("Exit status:"), h.out());
      assertEquals(h.out(), run("help", cmd).out(), cmd);
    }
    Run filter = run("filter", "-h");
    for (String opt : List.of("--program", "--engine", "-w", "--count", "--snap", "--debug")) {
      assertTrue(filter.out().contains(opt), opt + " in " + filter.out());
    }
    assertEquals("bpfjit 0.2.0", run("--version").out().strip());
    assertEquals("bpfjit 0.2.0", run("-V").out().strip());
  }

  @Test
  void argumentErrorsNameTheProblemAndPointToHelp() {
    String ok = capture.toString();
    String prog = program.toString();
    List<List<String>> cases =
        List.of(
            List.of("filter", "-O", "-p", prog, ok),
            List.of("filter", "-p"),
            List.of("filter", "-p", prog),
            List.of("filter", "-p", prog, ok, "extra"),
            List.of("compile", "-y", "TOKENRING", "ip"),
            List.of("compile", "-s", "big", "ip"),
            List.of("filter", "-p", prog, "--engine", "nope", ok),
            List.of("filter", "-p", prog, "--prog", ok),
            List.of("asm", "-p", prog, "--to", "x"),
            List.of("demo", "--packets", "many"),
            List.of("demo", "--packets", "0"),
            List.of("report", "sometimes"),
            List.of("report", "--corpus", "no-such-corpus"),
            List.of("fuzz", "--seconds", "abc"),
            List.of("fuzz", "--packets", "0"),
            List.of("fuzz", "--seed", "1", "extra"),
            List.of("fuzz", "--samples", "no-such.pcap"),
            List.of("verify", "-p", prog, "surplus"));
    List<String> expected =
        List.of(
            "-O is for expressions; -p takes a program as it is",
            "option -p/--program needs a value (FILE|-)",
            "missing CAPTURE",
            "give a program (-p) or an expression, not both",
            "-y takes a link type the expression compiler supports",
            "-s takes a whole number, not 'big'",
            "--engine is jit, interpreter; not 'nope'",
            "unknown option '--prog'",
            "--to is d, dd, ddd, comma; not 'x'",
            "--packets takes a whole number, not 'many'",
            "--packets takes a whole number (1 or more), not '0'",
            "report mode is quick or full, not sometimes",
            "report: no corpus at "
                + Path.of("no-such-corpus").toAbsolutePath()
                + " (no programs/ in it); give it with --corpus DIR",
            "--seconds takes a whole number (0 or more), not 'abc'",
            "--packets takes a whole number (1 or more), not '0'",
            "unexpected argument 'extra'",
            "--samples no-such.pcap: no such capture file",
            "unexpected argument 'surplus'");
    for (int i = 0; i < cases.size(); i++) {
      Run r = run(cases.get(i).toArray(new String[0]));
      assertEquals(2, r.code(), cases.get(i) + ": " + r.err());
      String[] lines = r.err().strip().split("\n");
      assertEquals(2, lines.length, r.err());
      assertTrue(lines[0].startsWith("bpfjit: " + expected.get(i)), r.err());
      assertEquals("Try 'bpfjit " + cases.get(i).get(0) + " --help'.", lines[1]);
    }
    Run unknown = run("frobnicate");
    assertEquals(2, unknown.code());
    assertEquals(
        "bpfjit: unknown command 'frobnicate'\nTry 'bpfjit --help'.", unknown.err().strip());
    assertEquals(2, run("--frobnicate").code());
  }

  @Test
  void debugShowsTheStackTraceOfAnError() {
    String missing = tmp.resolve("missing.pcap").toString();
    Run plain = run("filter", "-p", program.toString(), missing);
    Run debug = run("--debug", "filter", "-p", program.toString(), missing);
    assertEquals(3, plain.code());
    assertEquals(3, debug.code());
    assertOneLineNoTrace(plain.err());
    assertTrue(debug.err().contains("\tat "), debug.err());
    assertTrue(debug.err().startsWith(plain.err().strip()), debug.err());
  }
}
