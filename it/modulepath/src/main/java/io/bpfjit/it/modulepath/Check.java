package io.bpfjit.it.modulepath;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.capture.CaptureReader;
import io.bpfjit.capture.PcapWriter;
import io.bpfjit.expr.FilterCompiler;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a user does, as a named module: writes a small capture, compiles {@code tcp port 80},
 * filters the capture with the JIT and the interpreter, and checks the counts; then checks that
 * the libraries' internal packages stay closed. Exit status 0 only if all holds.
 */
public final class Check {
  private Check() {}

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile("modulepath", ".pcap");
    try {
      int written = 0;
      try (PcapWriter w = new PcapWriter(file, 1, 262144, false)) {
        for (int port : new int[] {80, 443, 80, 22, 8080, 80}) {
          w.write(tcp(port), 0, 54, 54, written * 1_000_000_000L);
          written++;
        }
        w.commit();
      }
      BpfProgram program = FilterCompiler.compile("tcp port 80");
      PacketFilter jit = BpfJit.compile(program);
      PacketFilter interpreter = BpfInterpreter.of(program);
      int jitMatches = 0;
      int interpreterMatches = 0;
      try (CaptureReader r = CaptureReader.open(file)) {
        while (r.next()) {
          byte[] b = r.buffer();
          if (jit.apply(b, r.offset(), r.caplen(), r.wirelen()) != 0) {
            jitMatches++;
          }
          if (interpreter.apply(b, r.offset(), r.caplen(), r.wirelen()) != 0) {
            interpreterMatches++;
          }
        }
      }
      check(jitMatches == 3, "JIT matched " + jitMatches + " of " + written + ", not 3");
      check(interpreterMatches == 3, "interpreter matched " + interpreterMatches + ", not 3");
      check(Check.class.getModule().isNamed(), "not running as a named module");
      check(BpfJit.class.getModule().isNamed(), "bpfjit-jit is not a named module");
      Module jitModule = BpfJit.class.getModule();
      check(!jitModule.isExported("io.bpfjit.jit.internal"), "the JIT's test hooks are exported");
      Module captureModule = CaptureReader.class.getModule();
      check(
          !captureModule.isExported("io.bpfjit.capture.internal"),
          "the sample-traffic generator is exported");
      System.out.println(
          "module path ok: "
              + jitModule.getName()
              + ", "
              + FilterCompiler.class.getModule().getName()
              + ", "
              + captureModule.getName()
              + "; tcp port 80 matched "
              + jitMatches
              + " of "
              + written);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("FAIL: " + what);
      System.exit(1);
    }
  }

  /** An Ethernet/IPv4/TCP header (no payload) from port 12345 to {@code port}. */
  private static byte[] tcp(int port) {
    byte[] p = new byte[54];
    p[12] = 0x08; // IPv4
    p[14] = 0x45; // version 4, 20-byte header
    p[17] = 40; // total length
    p[22] = 64; // TTL
    p[23] = 6; // TCP
    p[26] = 10;
    p[29] = 1; // 10.0.0.1
    p[30] = 10;
    p[33] = 2; // 10.0.0.2
    p[34] = (byte) (12345 >> 8);
    p[35] = (byte) 12345;
    p[36] = (byte) (port >> 8);
    p[37] = (byte) port;
    p[46] = 0x50; // data offset 5
    return p;
  }
}
