package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The installed libpcap as a test oracle: {@code src/test/c/pcapcompile.c}, built with the system C
 * compiler against {@code -lpcap} into {@code target/}, kept running and fed one expression a line.
 * Without a C compiler or libpcap's headers the tests that need it are skipped loudly, or fail when
 * {@code bpfjit.requireTcpdump=true} (CI installs libpcap-dev and gcc).
 */
final class LibpcapOracle implements AutoCloseable {
  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  private LibpcapOracle(Process process) {
    this.process = process;
    this.in =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Builds and starts the driver, or skips (fails in CI) when that is not possible. */
  static LibpcapOracle start() {
    Path source = Path.of("src/test/c/pcapcompile.c").toAbsolutePath();
    Path binary = Path.of("target/pcapcompile").toAbsolutePath();
    String problem = null;
    try {
      Process cc =
          new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lpcap")
              .redirectErrorStream(true)
              .start();
      String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0 || !Files.exists(binary)) {
        problem = "cannot build the libpcap oracle (cc ... -lpcap): " + log.strip();
      }
    } catch (IOException e) {
      problem = "no C compiler to build the libpcap oracle: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    if (problem != null) {
      if (Boolean.getBoolean("bpfjit.requireTcpdump")) {
        fail("FAIL (bpfjit.requireTcpdump=true): " + problem);
      }
      System.err.println("*** SKIPPING libpcap comparison: " + problem + " ***");
      assumeTrue(false, problem);
    }
    try {
      return new LibpcapOracle(new ProcessBuilder(binary.toString()).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** libpcap's answer: "OK n code,jt,jf,k …" or "ERR message". */
  String compile(int dlt, boolean optimize, boolean savefile, String expression) {
    if (expression.indexOf('\n') >= 0 || expression.indexOf('\t') >= 0) {
      throw new IllegalArgumentException("one line, no tabs: " + expression);
    }
    return ask(dlt + "\t" + (optimize ? 1 : 0) + "\t" + (savefile ? 1 : 0) + "\t" + expression);
  }

  /** libpcap's mean time of {@code n} compiles of {@code expression}, in nanoseconds. */
  double timeCompile(int dlt, boolean optimize, int n, String expression) {
    String a = ask("TIME\t" + dlt + "\t" + (optimize ? 1 : 0) + "\t" + n + "\t" + expression);
    return Double.parseDouble(a.substring(5));
  }

  private String ask(String line) {
    try {
      in.write(line);
      in.write('\n');
      in.flush();
      String answer = out.readLine();
      if (answer == null) {
        throw new IllegalStateException("libpcap oracle died on: " + line);
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference machine's /etc/hosts, without DNS: localhost is 127.0.0.1 only. */
  static final Resolver HOSTS =
      name -> {
        if (!name.equals("localhost")) {
          return java.util.List.of();
        }
        try {
          return java.util.List.of(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (java.net.UnknownHostException e) {
          throw new AssertionError(e);
        }
      };

  /** This compiler's answer in the oracle's format. */
  static String ours(int dlt, boolean optimize, boolean savefile, String expression) {
    CompileOptions options =
        CompileOptions.defaults()
            .withLinkType(dlt)
            .withOptimize(optimize)
            .withSavefile(savefile)
            .withResolver(HOSTS);
    try {
      io.bpfjit.BpfProgram p = FilterCompiler.compile(expression, options);
      StringBuilder sb = new StringBuilder("OK ").append(p.size());
      for (io.bpfjit.RawInstruction i : p.instructions()) {
        sb.append(' ')
            .append(i.code())
            .append(',')
            .append(i.jt())
            .append(',')
            .append(i.jf())
            .append(',')
            .append(Integer.toUnsignedString(i.k()));
      }
      return sb.toString();
    } catch (FilterCompileException e) {
      return "ERR " + e.getMessage().replace('\n', ' ');
    }
  }

  @Override
  public void close() {
    try {
      in.close();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
