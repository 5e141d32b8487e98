package io.bpfjit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads assembler text: the {@code tcpdump -d} listing ({@code (002) jeq #0x800 jt 3 jf 5}, jump
 * targets as absolute pcs) and {@code bpf_asm} syntax ({@code jeq #0x800, ok, drop}, labels, {@code
 * jne/jlt/jle}, {@code ;} comments). Numeric jump targets are absolute pcs in both.
 */
final class Assembler {
  private record Statement(int pc, int line, String text) {}

  private final Map<String, Integer> labels = new HashMap<>();
  private final List<Statement> statements = new ArrayList<>();

  private Assembler() {}

  static List<RawInstruction> assemble(String text) {
    Assembler asm = new Assembler();
    asm.collect(text);
    List<RawInstruction> out = new ArrayList<>(asm.statements.size());
    for (Statement s : asm.statements) {
      out.add(asm.statement(s));
    }
    return out;
  }

  /** Pass 1: strips comments, reads {@code (NNN)} prefixes and labels, numbers the statements. */
  private void collect(String text) {
    String[] lines = TextLines.split(text);
    for (int i = 0; i < lines.length; i++) {
      String raw = stripComment(lines[i]);
      TextCursor c = new TextCursor(raw, i + 1);
      int pc = statements.size();
      if (c.accept("(")) {
        long listed = c.number(0, Integer.MAX_VALUE, "a listing pc");
        if (listed != pc) {
          throw new ProgramFormatException(
              i + 1, 2, "listing pc " + listed + " where " + pc + " was due");
        }
        c.expect(")", "')'");
      }
      while (true) {
        c.skipSpaces();
        int col = c.column();
        String rest = raw.substring(col - 1);
        int colon = rest.indexOf(':');
        if (colon > 0 && rest.substring(0, colon).strip().matches("[A-Za-z_.][A-Za-z0-9_.]*")) {
          String label = rest.substring(0, colon).strip();
          if (labels.putIfAbsent(label, pc) != null) {
            throw new ProgramFormatException(i + 1, col, "label '" + label + "' defined twice");
          }
          c.identifier();
          c.expect(":", "':'");
        } else {
          break;
        }
      }
      if (!c.atEnd()) {
        String padded = " ".repeat(c.column() - 1) + raw.substring(c.column() - 1);
        statements.add(new Statement(pc, i + 1, padded));
      }
    }
    if (statements.isEmpty()) {
      throw new ProgramFormatException(1, 1, "expected at least one instruction, found none");
    }
  }

  private static String stripComment(String line) {
    int cut = line.length();
    int semi = line.indexOf(';');
    if (semi >= 0) {
      cut = semi;
    }
    int slashes = line.indexOf("//");
    if (slashes >= 0 && slashes < cut) {
      cut = slashes;
    }
    return line.substring(0, cut);
  }

  /** Pass 2: one instruction. */
  private RawInstruction statement(Statement s) {
    TextCursor c = new TextCursor(s.text(), s.line());
    int mnemonicColumn;
    c.skipSpaces();
    mnemonicColumn = c.column();
    String word = c.identifier();
    if (word == null) {
      throw c.error("expected a mnemonic, found " + c.found());
    }
    String m = word.toLowerCase(Locale.ROOT);
    RawInstruction insn =
        switch (m) {
          case "ld", "ldi" -> loadA(c, 0x00);
          case "ldh" -> loadA(c, 0x08);
          case "ldb" -> loadA(c, 0x10);
          case "ldx", "ldxi", "ldxb" -> loadX(c, m);
          case "st" -> insn(Opcode.ST, scratch(c));
          case "stx" -> insn(Opcode.STX, scratch(c));
          case "add", "sub", "mul", "div", "mod", "and", "or", "xor", "lsh", "rsh" -> alu(c, m);
          case "neg" -> insn(Opcode.NEG, 0);
          case "tax" -> insn(Opcode.TAX, 0);
          case "txa" -> insn(Opcode.TXA, 0);
          case "ret" -> ret(c);
          case "ja", "jmp" -> ja(c, s.pc());
          case "jeq", "jgt", "jge", "jset", "jne", "jneq", "jlt", "jle" -> jump(c, m, s.pc());
          default ->
              throw new ProgramFormatException(
                  s.line(), mnemonicColumn, "unknown mnemonic '" + word + "'");
        };
    if (!c.atEnd()) {
      throw c.error("expected end of instruction, found " + c.found());
    }
    return insn;
  }

  private static RawInstruction insn(Opcode op, int k) {
    return new RawInstruction(op.code(), 0, 0, k);
  }

  private static RawInstruction loadA(TextCursor c, int size) {
    if (c.accept("#")) {
      if (c.accept("pktlen") || c.accept("len")) {
        return requireWord(c, size, insn(Opcode.LD_LEN, 0));
      }
      return requireWord(c, size, insn(Opcode.LD_IMM, c.k("a 32-bit constant")));
    }
    if (c.accept("len")) {
      return requireWord(c, size, insn(Opcode.LD_LEN, 0));
    }
    if (c.accept("M[")) {
      RawInstruction r = insn(Opcode.LD_MEM, scratchIndex(c));
      return requireWord(c, size, r);
    }
    c.expect("[", "an operand ('#k', '[k]', '[x + k]', 'M[k]' or '#pktlen')");
    int k;
    String name = c.peekDigitOrSign() ? null : c.identifier();
    if (name != null && name.equalsIgnoreCase("x")) {
      k = c.accept("+") ? c.k("an offset") : 0;
      c.expect("]", "']'");
      return new RawInstruction(0x40 | size, 0, 0, k);
    }
    if (name != null) {
      long off = AncillaryOffset.offsetOf(name);
      if (off < 0) {
        throw c.error("unknown offset name '" + name + "'");
      }
      k = (int) off;
    } else {
      k = c.k("an offset");
    }
    c.expect("]", "']'");
    return new RawInstruction(0x20 | size, 0, 0, k);
  }

  private static RawInstruction requireWord(TextCursor c, int size, RawInstruction insn) {
    if (size != 0) {
      throw c.error("this operand takes 'ld', not a byte or halfword load");
    }
    return insn;
  }

  private static RawInstruction loadX(TextCursor c, String m) {
    if (c.accept("4*([") || c.accept("4 * ([")) {
      int k = c.k("an offset");
      c.expect("]", "']'");
      c.expect("&", "'&0xf)'");
      c.expect("0xf", "'0xf'");
      c.expect(")", "')'");
      return insn(Opcode.LDX_MSH, k);
    }
    if (m.equals("ldxb")) {
      throw c.error("expected '4*([k]&0xf)', found " + c.found());
    }
    if (c.accept("#")) {
      if (c.accept("pktlen") || c.accept("len")) {
        return insn(Opcode.LDX_LEN, 0);
      }
      return insn(Opcode.LDX_IMM, c.k("a 32-bit constant"));
    }
    if (c.accept("len")) {
      return insn(Opcode.LDX_LEN, 0);
    }
    if (c.accept("M[")) {
      return insn(Opcode.LDX_MEM, scratchIndex(c));
    }
    throw c.error("expected '#k', 'M[k]', '4*([k]&0xf)' or '#pktlen', found " + c.found());
  }

  private static int scratch(TextCursor c) {
    c.expect("M[", "'M[k]'");
    return scratchIndex(c);
  }

  private static int scratchIndex(TextCursor c) {
    int k = c.k("a scratch index");
    c.expect("]", "']'");
    return k;
  }

  private static RawInstruction alu(TextCursor c, String m) {
    int op =
        switch (m) {
          case "add" -> 0x00;
          case "sub" -> 0x10;
          case "mul" -> 0x20;
          case "div" -> 0x30;
          case "or" -> 0x40;
          case "and" -> 0x50;
          case "lsh" -> 0x60;
          case "rsh" -> 0x70;
          case "mod" -> 0x90;
          default -> 0xa0; // xor
        };
    if (acceptX(c)) {
      return new RawInstruction(0x04 | op | 0x08, 0, 0, 0);
    }
    c.expect("#", "'#k' or 'x'");
    return new RawInstruction(0x04 | op, 0, 0, c.k("a 32-bit constant"));
  }

  private static boolean acceptX(TextCursor c) {
    return c.accept("%x") || acceptWord(c, "x");
  }

  private static boolean acceptWord(TextCursor c, String w) {
    c.skipSpaces();
    int col = c.column();
    String id = c.identifier();
    if (id != null && id.equalsIgnoreCase(w)) {
      return true;
    }
    if (id != null) {
      throw new ProgramFormatException(c.line(), col, "unexpected '" + id + "'");
    }
    return false;
  }

  private static RawInstruction ret(TextCursor c) {
    if (c.atEnd() || c.accept("%a") || acceptWord(c, "a")) {
      return insn(Opcode.RET_A, 0);
    }
    c.expect("#", "'#k' or 'a'");
    return insn(Opcode.RET_K, c.k("a 32-bit constant"));
  }

  private RawInstruction ja(TextCursor c, int pc) {
    long target = target(c);
    return insn(Opcode.JA, (int) (target - (pc + 1)));
  }

  private RawInstruction jump(TextCursor c, String m, int pc) {
    boolean swap = m.equals("jne") || m.equals("jneq") || m.equals("jlt") || m.equals("jle");
    int op =
        switch (m) {
          case "jeq", "jne", "jneq" -> 0x10;
          case "jgt", "jle" -> 0x20;
          case "jge", "jlt" -> 0x30;
          default -> 0x40; // jset
        };
    int code;
    int k = 0;
    if (acceptX(c)) {
      code = 0x05 | op | 0x08;
    } else {
      c.expect("#", "'#k' or 'x'");
      k = c.k("a 32-bit constant");
      code = 0x05 | op;
    }
    long whenTrue;
    long whenFalse = pc + 1;
    if (c.accept(",")) {
      whenTrue = target(c);
      if (c.accept(",")) {
        whenFalse = target(c);
      }
    } else {
      if (!acceptWord(c, "jt")) {
        throw c.error("expected ', target' or 'jt N jf M', found " + c.found());
      }
      whenTrue = target(c);
      if (!acceptWord(c, "jf")) {
        throw c.error("expected 'jf N', found " + c.found());
      }
      whenFalse = target(c);
    }
    if (swap) {
      long t = whenTrue;
      whenTrue = whenFalse;
      whenFalse = t;
    }
    return new RawInstruction(code, offset(c, pc, whenTrue), offset(c, pc, whenFalse), k);
  }

  private static int offset(TextCursor c, int pc, long target) {
    long skip = target - (pc + 1);
    if (skip < 0 || skip > 255) {
      throw c.error(
          "conditional jump from pc "
              + pc
              + " to "
              + target
              + " does not fit an 8-bit forward skip");
    }
    return (int) skip;
  }

  private long target(TextCursor c) {
    c.skipSpaces();
    int col = c.column();
    if (c.peekDigitOrSign()) {
      return c.number(0, 0xffffffffL, "a jump target pc");
    }
    String label = c.identifier();
    if (label == null) {
      throw c.error("expected a jump target (label or pc), found " + c.found());
    }
    Integer pc = labels.get(label);
    if (pc == null) {
      throw new ProgramFormatException(c.line(), col, "undefined label '" + label + "'");
    }
    return pc;
  }
}
