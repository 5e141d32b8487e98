package io.bpfjit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Readers for the numeric program forms: {@code tcpdump -ddd}, {@code -dd} and the comma form. */
final class NumericFormats {
  private NumericFormats() {}

  /** {@code tcpdump -ddd}: a count line, then {@code code jt jf k} per line. */
  static List<RawInstruction> ddd(String text) {
    List<RawInstruction> plain = plainText(text);
    return plain != null ? plain : dddLines(text);
  }

  /** {@link #ddd} line by line: any spacing, comments' absence checked, errors with line/column. */
  static List<RawInstruction> dddLines(String text) {
    String[] lines = TextLines.split(text);
    List<RawInstruction> insns = new ArrayList<>();
    long count = -1;
    int countLine = 0;
    for (int i = 0; i < lines.length; i++) {
      TextCursor c = new TextCursor(lines[i], i + 1);
      if (c.atEnd()) {
        continue;
      }
      if (count < 0) {
        count = c.number(0, 65535, "an instruction count");
        countLine = i + 1;
      } else {
        if (insns.size() == count) {
          throw c.error("more instructions than the count " + count + " on line " + countLine);
        }
        RawInstruction plain = plainLine(lines[i]);
        if (plain != null) {
          insns.add(plain);
          continue;
        }
        long code = c.number(0, 0xffff, "a 16-bit opcode");
        long jt = c.number(0, 0xff, "an 8-bit jt");
        long jf = c.number(0, 0xff, "an 8-bit jf");
        int k = c.k("a 32-bit k");
        insns.add(new RawInstruction((int) code, (int) jt, (int) jf, k));
      }
      if (!c.atEnd()) {
        throw c.error("expected end of line, found " + c.found());
      }
    }
    if (count < 0) {
      throw new ProgramFormatException(1, 1, "expected an instruction count, found no text");
    }
    if (insns.size() != count) {
      throw new ProgramFormatException(
          lines.length,
          1,
          "the count says " + count + " instructions but " + insns.size() + " follow");
    }
    return insns;
  }

  /**
   * A whole text exactly as {@code tcpdump -ddd} prints it — the count, then that many lines of
   * four decimal numbers in range one space apart, each ended by {@code \n} (the last one perhaps
   * not), nothing else — read in one scan with no string per line; null for anything else, which
   * {@link #dddLines} reads (and reports, if it is wrong). A cold JVM reads 184u's 8,938 lines this
   * way in about half the time of splitting them first.
   */
  static List<RawInstruction> plainText(String text) {
    // One scan of the bytes, no String.charAt (several calls each in a cold JVM, which interprets
    // this); numbers read by a small method that C1 compiles after a few hundred calls, where one
    // inlined loop waited for an on-stack replacement (184u's 108 KB in a fresh JVM, eight
    // interleaved runs: parse 18 ms against 21).
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1); // other characters become '?': not plain
    int len = b.length;
    long[] v = new long[4];
    int i = plainNumber(b, 0, v, 0);
    if (i < 0 || i >= len || b[i] != '\n' || v[0] == 0 || v[0] > 65535) {
      return null;
    }
    RawInstruction[] insns = new RawInstruction[(int) v[0]];
    i++;
    for (int n = 0; n < insns.length; n++) {
      i = plainFields(b, i, v);
      insns[n] = i < 0 ? null : plainInstruction(v);
      if (insns[n] == null) {
        return null;
      }
    }
    return i >= len ? List.of(insns) : null;
  }

  /**
   * Reads a line's four numbers at {@code i} into {@code v}, each ended by a space but the last,
   * ended by {@code \n} or the end of the text; returns the index after the line, or -1. A method
   * per line, not a loop inside {@link #plainText}: C1 compiles it after a few hundred lines, where
   * plainText's own loop would run interpreted to the end (2,146 lines: 2.8 ms to parse with the
   * loop inline).
   */
  private static int plainFields(byte[] b, int i, long[] v) {
    for (int f = 0; f < 4; f++) {
      i = plainNumber(b, i, v, f);
      if (i < 0) {
        return -1;
      }
      int end = i < b.length ? b[i] : '\n';
      if (end != (f < 3 ? ' ' : '\n')) {
        return -1;
      }
      i++;
    }
    return i;
  }

  /**
   * {@link #plainNumber(String, int, long[], int)} over bytes (more than 10 digits: -1, as there).
   * Each byte read once: a cold JVM interprets this for every digit of a long program.
   */
  private static int plainNumber(byte[] b, int i, long[] v, int f) {
    int start = i;
    int n = b.length;
    long x = 0;
    int d;
    while (i < n && (d = b[i] - '0') >= 0 && d <= 9) {
      x = x * 10 + d;
      i++;
    }
    int digits = i - start;
    if (digits == 0 || digits > 10 || (digits > 1 && b[start] == '0')) {
      return -1;
    }
    v[f] = x;
    return i;
  }

  /**
   * Reads a decimal number of at most 10 digits, without a leading zero, at {@code i} into {@code
   * v[f]}; returns the index after it, or -1.
   */
  private static int plainNumber(String text, int i, long[] v, int f) {
    int start = i;
    long x = 0;
    int len = text.length();
    while (i < len && i - start < 10) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') {
        break;
      }
      x = x * 10 + (ch - '0');
      i++;
    }
    if (i == start || (i - start > 1 && text.charAt(start) == '0')) {
      return -1;
    }
    v[f] = x;
    return i;
  }

  /**
   * The instruction of a line exactly as tcpdump prints it — four decimal numbers in range, one
   * space apart, nothing else — or null for anything else, which the general reader then reads (and
   * reports, if it is wrong). A fast path: a large program's text is read in a cold JVM, where the
   * general reader's per-number work showed (8,938 lines).
   */
  private static RawInstruction plainLine(String line) {
    long[] v = new long[4];
    int i = 0;
    for (int f = 0; f < 4; f++) {
      i = plainNumber(line, i, v, f); // no digits, or a leading zero: the general reader decides
      if (i < 0 || (f < 3 && (i >= line.length() || line.charAt(i++) != ' '))) {
        return null;
      }
    }
    return i == line.length() ? plainInstruction(v) : null;
  }

  /** The instruction of four plain numbers, or null when one is out of its field's range. */
  private static RawInstruction plainInstruction(long[] v) {
    if (v[0] > 0xffff || v[1] > 0xff || v[2] > 0xff || v[3] > 0xffffffffL) {
      return null;
    }
    return new RawInstruction((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
  }

  /** {@code tcpdump -dd}: {@code { 0x28, 0, 0, 0x0000000c },} groups, any number per line. */
  static List<RawInstruction> dd(String text) {
    String[] lines = TextLines.split(text);
    List<RawInstruction> insns = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      TextCursor c = new TextCursor(lines[i], i + 1);
      while (!c.atEnd()) {
        c.expect("{", "'{'");
        long code = c.number(0, 0xffff, "a 16-bit opcode");
        c.expect(",", "','");
        long jt = c.number(0, 0xff, "an 8-bit jt");
        c.expect(",", "','");
        long jf = c.number(0, 0xff, "an 8-bit jf");
        c.expect(",", "','");
        int k = c.k("a 32-bit k");
        c.expect("}", "'}'");
        c.accept(",");
        insns.add(new RawInstruction((int) code, (int) jt, (int) jf, k));
      }
    }
    if (insns.isEmpty()) {
      throw new ProgramFormatException(1, 1, "expected '{ code, jt, jf, k }', found no text");
    }
    return insns;
  }

  /** {@code iptables -m bpf --bytecode}: {@code N,code jt jf k,code jt jf k,...} on one line. */
  static List<RawInstruction> comma(String text) {
    String[] lines = TextLines.split(text.strip());
    if (lines.length != 1) {
      throw new ProgramFormatException(2, 1, "the comma form is one line, found more");
    }
    int leading = text.indexOf(lines[0]);
    int line = (int) text.substring(0, leading).chars().filter(ch -> ch == '\n').count() + 1;
    TextCursor c = new TextCursor(lines[0], line);
    long count = c.number(0, 65535, "an instruction count");
    List<RawInstruction> insns = new ArrayList<>();
    while (!c.atEnd()) {
      c.expect(",", "','");
      if (c.atEnd()) {
        break; // a trailing comma, as some tools print
      }
      long code = c.number(0, 0xffff, "a 16-bit opcode");
      long jt = c.number(0, 0xff, "an 8-bit jt");
      long jf = c.number(0, 0xff, "an 8-bit jf");
      int k = c.k("a 32-bit k");
      insns.add(new RawInstruction((int) code, (int) jt, (int) jf, k));
    }
    if (insns.size() != count) {
      throw c.error("the count says " + count + " instructions but " + insns.size() + " follow");
    }
    return insns;
  }
}
