package io.bpfjit.testing;

import io.bpfjit.InvalidProgramException;
import io.bpfjit.VerifierOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code .bpft} file: a program and either its expected rejection or packets with expected
 * results. Sections start with {@code -- name} lines; {@code #} lines outside {@code program} are
 * comments.
 *
 * <pre>
 * -- expr          optional tcpdump expression it came from
 * -- program       any text BpfProgram.parse reads
 * -- options       optional: "budget N", "profile strict", "maxlength N"
 * -- error         "PC REASON" (PC -1 for whole-program errors): verify must reject
 * -- packet        hex bytes (caplen = their count); starts a new case
 * -- wirelen       optional, for the current case (default: caplen); unsigned decimal
 * -- result        expected unsigned 32-bit result of the current case
 * </pre>
 */
public record TestVector(
    String name,
    String expr,
    String program,
    VerifierOptions options,
    Integer errorPc,
    InvalidProgramException.Reason errorReason,
    List<Case> cases) {

  /** One packet and its expected result. */
  public record Case(byte[] packet, int wirelen, int result) {}

  /** Parses a {@code .bpft} file's text. */
  public static TestVector parse(String name, String text) {
    String section = null;
    StringBuilder programText = new StringBuilder();
    String expr = null;
    VerifierOptions options = VerifierOptions.libpcap();
    Integer errorPc = null;
    InvalidProgramException.Reason reason = null;
    List<Case> cases = new ArrayList<>();
    StringBuilder packetHex = null;
    Long wirelen = null;
    int lineNo = 0;
    for (String line : text.split("\r?\n", -1)) {
      lineNo++;
      if (line.startsWith("-- ")) {
        String next = line.substring(3).strip();
        if (next.equals("packet") && packetHex != null) {
          throw new IllegalArgumentException(name + ":" + lineNo + ": packet without a result");
        }
        if (next.equals("packet")) {
          packetHex = new StringBuilder();
          wirelen = null;
        }
        section = next;
        continue;
      }
      if (section == null || (line.startsWith("#") && !section.equals("program"))) {
        continue;
      }
      String v = line.strip();
      switch (section) {
        case "program" -> programText.append(line).append('\n');
        case "expr" -> expr = expr == null ? v : expr + " " + v;
        case "options" -> options = option(options, v, name, lineNo);
        case "error" -> {
          if (!v.isEmpty()) {
            String[] parts = v.split("\\s+");
            errorPc = Integer.parseInt(parts[0]);
            reason = InvalidProgramException.Reason.valueOf(parts[1]);
          }
        }
        case "packet" -> packetHex.append(v);
        case "wirelen" -> {
          if (!v.isEmpty()) {
            wirelen = Long.parseLong(v);
          }
        }
        case "result" -> {
          if (!v.isEmpty()) {
            if (packetHex == null) {
              throw new IllegalArgumentException(name + ":" + lineNo + ": result without a packet");
            }
            byte[] packet = Hex.decode(packetHex.toString());
            long wl = wirelen != null ? wirelen : packet.length;
            cases.add(new Case(packet, (int) wl, (int) Long.parseLong(v)));
            packetHex = null;
          }
        }
        default ->
            throw new IllegalArgumentException(
                name + ":" + lineNo + ": unknown section '" + section + "'");
      }
    }
    if (packetHex != null) {
      throw new IllegalArgumentException(name + ": last packet has no result");
    }
    if ((errorPc == null) == cases.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs either an error or packets with results");
    }
    return new TestVector(
        name, expr, programText.toString(), options, errorPc, reason, List.copyOf(cases));
  }

  private static VerifierOptions option(VerifierOptions o, String v, String name, int lineNo) {
    if (v.isEmpty()) {
      return o;
    }
    String[] parts = v.split("\\s+");
    return switch (parts[0]) {
      case "budget" -> o.withBackwardJumpBudget(Integer.parseInt(parts[1]));
      case "maxlength" -> o.withMaxLength(Integer.parseInt(parts[1]));
      case "profile" ->
          parts[1].equals("strict")
              ? VerifierOptions.strict().withBackwardJumpBudget(o.backwardJumpBudget())
              : VerifierOptions.libpcap().withBackwardJumpBudget(o.backwardJumpBudget());
      default -> throw new IllegalArgumentException(name + ":" + lineNo + ": unknown option " + v);
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
