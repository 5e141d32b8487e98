package io.bpfjit.expr;

import io.bpfjit.BpfProgram;
import java.util.List;

/**
 * Compiles pcap-filter(7) expressions to classic BPF, in pure Java, as libpcap 1.10.3's {@code
 * pcap_compile} does: the program is the same, instruction for instruction, optimised (the default)
 * or not, and an expression libpcap refuses gets libpcap's message.
 *
 * <pre>{@code
 * BpfProgram p = FilterCompiler.compile("tcp port 80 and not host 10.0.0.1");
 * }</pre>
 *
 * <p>The pipeline: {@link Lexer} (flex's longest match) → {@link Parser} (libpcap's grammar, nodes
 * recorded in reduction order) → code generation in that order ({@link CodeGen} and the generators)
 * → {@link Optimizer} → {@link Layout}. Thread-safe; each call is independent.
 */
public final class FilterCompiler {
  private FilterCompiler() {}

  /**
   * {@code expression} for Ethernet with libpcap's defaults ({@link CompileOptions#defaults()}).
   */
  public static BpfProgram compile(String expression) {
    return compile(expression, CompileOptions.defaults());
  }

  public static BpfProgram compile(String expression, CompileOptions options) {
    List<Token> tokens = Lexer.tokenize(expression);
    int nesting = 0;
    for (Token t : tokens) {
      if (t.kind() == Token.Kind.LPAREN
          || t.kind() == Token.Kind.NOT
          || t.kind() == Token.Kind.LBRACK) {
        nesting++;
      }
    }
    if (nesting <= 256) {
      return compile(expression, tokens, options);
    }
    // Deeply nested: parse on a thread with a stack as deep as libpcap's parser allows.
    BpfProgram[] result = new BpfProgram[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result[0] = compile(expression, tokens, options);
              } catch (RuntimeException e) {
                failure[0] = e;
              }
            },
            "bpfjit-expr",
            1L << 30);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling a filter expression", e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }

  private static BpfProgram compile(String expression, List<Token> tokens, CompileOptions options) {
    if (!LinkTypes.isSupported(options.linkType())) {
      throw new FilterCompileException(LinkTypes.unsupported(options.linkType()), expression, -1);
    }
    if (options.snaplen() == 0) {
      throw new FilterCompileException("snaplen of 0 rejects all packets", expression, -1);
    }
    Parser.Result parsed;
    try {
      parsed = Parser.parse(tokens);
    } catch (StackOverflowError e) {
      // libpcap's parser stack is limited too (bison's 10,000 states)
      throw new FilterCompileException(
          "can't parse filter expression: memory exhausted", expression, -1);
    }
    Generators g = new Generators(options);
    Block root;
    Parser.Node<?> current = null;
    try {
      if (parsed.failedAt() >= 0) {
        for (Parser.Node<?> n : parsed.completed()) {
          current = n;
          n.eval(g);
        }
        throw new FilterCompileException(
            parsed.exhausted()
                ? "can't parse filter expression: memory exhausted"
                : syntaxMessage(tokens, parsed.failedAt()),
            expression,
            tokens.get(parsed.failedAt()).start());
      }
      if (parsed.root() == null) {
        root = CodeGen.retBlock(options.snaplen());
      } else {
        for (Parser.Node<?> n : parsed.completed()) {
          current = n;
          n.eval(g);
        }
        Block p = parsed.root().eval(g);
        Blocks.backpatch(p, CodeGen.retBlock(options.snaplen()));
        p.sense = !p.sense;
        Blocks.backpatch(p, CodeGen.retBlock(0));
        root = p.head;
      }
    } catch (CompileError e) {
      throw new FilterCompileException(
          e.getMessage(), expression, current == null ? -1 : current.start);
    } catch (StackOverflowError e) {
      throw new FilterCompileException(
          "can't parse filter expression: memory exhausted", expression, -1);
    }
    Icode ic = new Icode(root);
    if (options.optimize() && !g.code.noOptimize) {
      try {
        Optimizer.optimize(ic);
      } catch (CompileError e) {
        throw new FilterCompileException(e.getMessage(), expression, -1);
      }
      if ((ic.root.code & 0x07) == Bpf.RET && ic.root.k == 0) {
        throw new FilterCompileException("expression rejects all packets", expression, -1);
      }
    }
    return BpfProgram.of(Layout.toProgram(ic));
  }

  /** The message of a parse that failed at token {@code at}: a lexical error there, or bison's. */
  private static String syntaxMessage(List<Token> tokens, int at) {
    for (int i = 0; i <= at && i < tokens.size(); i++) {
      if (tokens.get(i).error() != null) {
        return tokens.get(i).error();
      }
    }
    return "can't parse filter expression: syntax error";
  }
}
