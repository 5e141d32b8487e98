package io.bpfjit.expr;

import io.bpfjit.expr.Q.Qual;
import io.bpfjit.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A recursive-descent rendering of libpcap 1.10.3's grammar ({@code grammar.y.in}): {@code and} and
 * {@code or} of equal precedence, left-associative; {@code not} on a term; an identifier after
 * {@code and}/{@code or}/{@code not}/{@code (} inherits the qualifier of what precedes it (bison's
 * {@code $<blk>0}); arithmetic with libpcap's precedences, where {@code %} and {@code ^} have none
 * (whatever follows them binds tighter).
 *
 * <p>Parsing builds {@link Node}s without generating code; each node is recorded when it is
 * complete, in the order bison reduces. Code is generated afterwards in that same order, so the
 * register allocation, the text-order offset changes of {@code vlan}/{@code mpls}/{@code pppoes}
 * and the message of the first error come out as libpcap's: when the text does not parse, the
 * primitives completed before the failing token are generated first, and a semantic error among
 * them wins over the syntax error, as in libpcap, which generates while it parses.
 */
final class Parser {
  /** A piece of the expression whose code is generated once, on demand, in completion order. */
  static final class Node<T> {
    private final Function<Generators, T> gen;
    final int start;
    private T value;
    private boolean done;

    Node(int start, Function<Generators, T> gen) {
      this.start = start;
      this.gen = gen;
    }

    T eval(Generators g) {
      if (!done) {
        value = gen.apply(g);
        done = true;
      }
      return value;
    }
  }

  /** A boolean node with the qualifier it passes on, and whether it is an {@code id}. */
  private record Bool(Node<Block> node, Qual q) {}

  private static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail() {
      super(null, null, false, false);
    }
  }

  private static final Fail FAIL = new Fail();

  private final List<Token> tokens;
  private int pos;

  /**
   * Open parentheses, negations and (twice) brackets around the token being parsed: about what they
   * keep on bison's stack, which libpcap's parser limits to 10,000 entries ("memory exhausted").
   * Measured against libpcap 1.10.3: 9,995 nested parentheses parse, 9,996 do not; 4,997 nested
   * {@code ip[} do, 4,998 do not.
   */
  private int nesting;

  static final int MAX_NESTING = 9995;

  /** Thrown when the nesting passes libpcap's limit: the parse stops there. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("can't parse filter expression: memory exhausted", null, false, false);
    }
  }

  private void open(int entries) {
    nesting += entries;
    if (nesting > MAX_NESTING) {
      throw new Exhausted();
    }
  }

  private final List<Node<?>> completed = new ArrayList<>();
  private int furthest = -1;
  private List<Node<?>> completedAtFurthest = List.of();

  /**
   * The outcome: a root (null for the empty expression) or the failing token and the nodes
   * completed before it; {@code exhausted} when the parse stopped at libpcap's nesting limit.
   */
  record Result(
      Node<Block> root,
      int failedAt,
      List<Node<?>> completed,
      List<Token> tokens,
      boolean exhausted) {}

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Result parse(List<Token> tokens) {
    Parser p = new Parser(tokens);
    try {
      if (p.peek() == Kind.END) {
        return new Result(null, -1, List.of(), tokens, false);
      }
      Bool root = p.expr(Qual.ERR);
      p.expect(Kind.END);
      return new Result(root.node(), -1, p.completed, tokens, false);
    } catch (Fail f) {
      return new Result(null, p.furthest, p.completedAtFurthest, tokens, false);
    } catch (Exhausted e) {
      return new Result(null, p.pos, new ArrayList<>(p.completed), tokens, true);
    }
  }

  // ---- token helpers ----

  private Kind peek() {
    return tokens.get(pos).kind();
  }

  private Kind peek(int ahead) {
    int i = Math.min(pos + ahead, tokens.size() - 1);
    return tokens.get(i).kind();
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Fail fail() {
    if (pos >= furthest) {
      furthest = pos;
      completedAtFurthest = new ArrayList<>(completed);
    }
    return FAIL;
  }

  private Token expect(Kind kind) {
    if (peek() != kind) {
      throw fail();
    }
    return next();
  }

  private <T> Node<T> node(int start, Function<Generators, T> gen) {
    Node<T> n = new Node<>(start, gen);
    completed.add(n);
    return n;
  }

  private interface Alt<T> {
    T parse();
  }

  /** Tries {@code alt}; on failure restores the position and the completed list, returns null. */
  private <T> T attempt(Alt<T> alt) {
    int savedPos = pos;
    int savedCompleted = completed.size();
    int savedNesting = nesting;
    try {
      return alt.parse();
    } catch (Fail f) {
      pos = savedPos;
      nesting = savedNesting;
      completed.subList(savedCompleted, completed.size()).clear();
      return null;
    }
  }

  // ---- boolean structure ----

  private Bool expr(Qual below) {
    Bool left = termOrId(below, false);
    while (peek() == Kind.AND || peek() == Kind.OR) {
      boolean and = next().kind() == Kind.AND;
      Qual q = left.q();
      left = combine(left, termOrId(q, true), and);
    }
    return left;
  }

  /** {@code left and right} or {@code left or right}: gen_and/gen_or; the right's qualifier. */
  private Bool combine(Bool left, Bool right, boolean and) {
    Node<Block> l = left.node();
    Node<Block> r = right.node();
    Node<Block> combined =
        node(
            l.start,
            g -> {
              Block b0 = l.eval(g);
              Block b1 = r.eval(g);
              if (and) {
                Blocks.and(b0, b1);
              } else {
                Blocks.or(b0, b1);
              }
              return b1;
            });
    return new Bool(combined, right.q());
  }

  private Bool not(Bool inner, int start) {
    Node<Block> n = inner.node();
    return new Bool(
        node(
            start,
            g -> {
              Block b = n.eval(g);
              Blocks.not(b);
              return b;
            }),
        inner.q());
  }

  /** A term, or (after and/or, allowId) an identifier with the inherited qualifier. */
  private Bool termOrId(Qual below, boolean allowId) {
    if (peek() == Kind.NOT) {
      int start = tokens.get(pos).start();
      next();
      open(1);
      Bool inner = termOrId(below, allowId);
      nesting--;
      return not(inner, start);
    }
    Bool t = attempt(() -> rterm(below));
    if (t != null) {
      return t;
    }
    if (allowId) {
      return id(below, true);
    }
    throw fail();
  }

  private Bool rterm(Qual below) {
    int start = tokens.get(pos).start();
    Kind k = peek();
    if (k == Kind.LPAREN) {
      Bool group =
          attempt(
              () -> {
                next();
                open(1);
                Bool e = expr(below);
                nesting--;
                expect(Kind.RPAREN);
                return e;
              });
      if (group != null) {
        return new Bool(group.node(), below);
      }
      return relation();
    }
    int pname = tokens.get(pos).pname();
    Kind after = peek(1);
    if (isHeadStart(k) || (pname >= 0 && isHeadStart(after))) {
      Qual q = head();
      return id(q, false);
    }
    if (pname >= 0 && after != Kind.LBRACK) {
      if (after == Kind.BROADCAST || after == Kind.MULTICAST) {
        next();
        return other(pname);
      }
      if (after == Kind.TYPE || after == Kind.SUBTYPE || after == Kind.DIR) {
        next();
        return other(pname);
      }
      next();
      // The state after a protocol name reduces only on a token that can follow a term.
      if (!followsTerm(peek())) {
        throw fail();
      }
      return new Bool(node(start, g -> g.protocols.abbrev(pname)), Qual.ERR);
    }
    if (isOtherStart(k)) {
      return other(Q.DEFAULT);
    }
    return relation();
  }

  private static boolean followsTerm(Kind k) {
    return k == Kind.AND || k == Kind.OR || k == Kind.RPAREN || k == Kind.END;
  }

  private static boolean isHeadStart(Kind k) {
    return switch (k) {
      case SRC,
          DST,
          ADDR1,
          ADDR2,
          ADDR3,
          ADDR4,
          RA,
          TA,
          HOST,
          NET,
          PORT,
          PORTRANGE,
          PROTO,
          PROTOCHAIN,
          GATEWAY ->
          true;
      default -> false;
    };
  }

  private static boolean isOtherStart(Kind k) {
    return switch (k) {
      case BROADCAST,
          MULTICAST,
          LESS,
          GREATER,
          CBYTE,
          INBOUND,
          OUTBOUND,
          IFINDEX,
          VLAN,
          MPLS,
          PPPOED,
          PPPOES,
          GENEVE,
          LLC,
          PF_IFNAME,
          PF_RSET,
          PF_RNR,
          PF_SRNR,
          PF_REASON,
          PF_ACTION,
          TYPE,
          SUBTYPE,
          DIR,
          ATM,
          SS7 ->
          true;
      default -> false;
    };
  }

  private Qual head() {
    int proto = Q.DEFAULT;
    int pn = tokens.get(pos).pname();
    if (pn >= 0) {
      proto = pn;
      next();
    }
    int dir = Q.DEFAULT;
    Kind k = peek();
    switch (k) {
      case SRC, DST -> {
        next();
        dir = k == Kind.SRC ? Q.SRC : Q.DST;
        Kind other = k == Kind.SRC ? Kind.DST : Kind.SRC;
        if ((peek() == Kind.OR || peek() == Kind.AND) && peek(1) == other) {
          dir = next().kind() == Kind.OR ? Q.OR : Q.AND;
          next();
        }
      }
      case ADDR1, ADDR2, ADDR3, ADDR4, RA, TA -> {
        next();
        dir =
            switch (k) {
              case ADDR1 -> Q.ADDR1;
              case ADDR2 -> Q.ADDR2;
              case ADDR3 -> Q.ADDR3;
              case ADDR4 -> Q.ADDR4;
              case RA -> Q.RA;
              default -> Q.TA;
            };
      }
      default -> {}
    }
    int addr = Q.DEFAULT;
    switch (peek()) {
      case HOST -> addr = Q.HOST;
      case NET -> addr = Q.NET;
      case PORT -> addr = Q.PORT;
      case PORTRANGE -> addr = Q.PORTRANGE;
      case PROTO -> addr = dir == Q.DEFAULT ? Q.PROTO : -1;
      case PROTOCHAIN -> addr = dir == Q.DEFAULT ? Q.PROTOCHAIN : -1;
      case GATEWAY -> addr = dir == Q.DEFAULT ? Q.GATEWAY : -1;
      default -> {
        if (dir == Q.DEFAULT) {
          throw fail();
        }
        return new Q.Qual(proto, dir, Q.DEFAULT);
      }
    }
    if (addr < 0) {
      throw fail();
    }
    next();
    return new Q.Qual(proto, dir, addr);
  }

  // ---- identifiers ----

  private Bool id(Qual below) {
    return id(below, false);
  }

  /**
   * An identifier. After and/or a number could also start a relation, so bison reduces it to an
   * identifier (and generates its code) only when the next token can follow one ({@code
   * afterAndOr}); elsewhere the reduction is unconditional.
   */
  private Bool id(Qual below, boolean afterAndOr) {
    int start = tokens.get(pos).start();
    Token t = tokens.get(pos);
    switch (t.kind()) {
      case NOT -> {
        next();
        return not(id(below, afterAndOr), start);
      }
      case LPAREN -> {
        Bool group =
            attempt(
                () -> {
                  next();
                  Bool p = pid(below);
                  expect(Kind.RPAREN);
                  return p;
                });
        if (group != null) {
          return group;
        }
        int v = pnum();
        if (afterAndOr && !followsTerm(peek())) {
          throw fail();
        }
        return new Bool(node(start, g -> g.identifiers.number(null, v, below)), below);
      }
      case NUM -> {
        next();
        if (afterAndOr && !followsTerm(peek())) {
          throw fail();
        }
        return new Bool(node(start, g -> g.identifiers.number(null, t.value(), below)), below);
      }
      default -> {
        return nid(below);
      }
    }
  }

  private Bool pid(Qual below) {
    Bool left;
    int start = tokens.get(pos).start();
    if (peek() == Kind.NUM || peek() == Kind.LPAREN) {
      int v = pnum();
      left = new Bool(node(start, g -> g.identifiers.number(null, v, below)), below);
      if (peek() != Kind.AND && peek() != Kind.OR) {
        throw fail();
      }
    } else {
      left = nid(below);
    }
    while (peek() == Kind.AND || peek() == Kind.OR) {
      boolean and = next().kind() == Kind.AND;
      left = combine(left, id(left.q()), and);
    }
    return left;
  }

  private Bool nid(Qual q) {
    Token t = tokens.get(pos);
    int start = t.start();
    switch (t.kind()) {
      case NOT -> {
        next();
        return not(id(q), start);
      }
      case ID -> {
        next();
        return new Bool(node(start, g -> g.identifiers.name(t.text(), q)), q);
      }
      case HID -> {
        next();
        if (peek() == Kind.SLASH) {
          next();
          Token n = expect(Kind.NUM);
          return new Bool(node(start, g -> g.identifiers.masked(t.text(), null, n.value(), q)), q);
        }
        if (peek() == Kind.NETMASK) {
          next();
          Token m = expect(Kind.HID);
          return new Bool(node(start, g -> g.identifiers.masked(t.text(), m.text(), 0, q)), q);
        }
        return new Bool(node(start, g -> dottedHost(g, t.text(), q)), q);
      }
      case HID6 -> {
        next();
        int masklen;
        if (peek() == Kind.SLASH) {
          next();
          masklen = expect(Kind.NUM).value();
        } else {
          masklen = 128;
        }
        return new Bool(
            node(
                start,
                g -> {
                  if (t.error() != null) {
                    throw CodeGen.error(t.error());
                  }
                  return g.identifiers.masked6(t.text(), masklen, q);
                }),
            q);
      }
      case EID -> {
        next();
        return new Bool(
            node(
                start,
                g -> {
                  if (t.error() != null) {
                    throw CodeGen.error(t.error());
                  }
                  return g.identifiers.ether(t.text(), q);
                }),
            q);
      }
      case AID -> {
        next();
        return new Bool(
            node(
                start,
                g -> {
                  throw CodeGen.error("aid supported only on ARCnet");
                }),
            q);
      }
      default -> throw fail();
    }
  }

  private static Block dottedHost(Generators g, String text, Qual q) {
    String misapplied =
        switch (q.addr()) {
          case Q.PORT -> "'port' modifier applied to ip host";
          case Q.PORTRANGE -> "'portrange' modifier applied to ip host";
          case Q.PROTO -> "'proto' modifier applied to ip host";
          case Q.PROTOCHAIN -> "'protochain' modifier applied to ip host";
          default -> null;
        };
    if (misapplied != null) {
      throw CodeGen.error(misapplied);
    }
    return g.identifiers.number(text, 0, q);
  }

  /** pnum := NUM | '(' pnum ')'. */
  private int pnum() {
    if (peek() == Kind.NUM) {
      return next().value();
    }
    expect(Kind.LPAREN);
    int v = pnum();
    expect(Kind.RPAREN);
    return v;
  }

  // ---- other primitives ----

  private Bool other(int pqual) {
    int start = tokens.get(pos).start();
    Token t = next();
    Node<Block> n =
        switch (t.kind()) {
          case BROADCAST -> node(start, g -> g.packets.broadcast(pqual, g.addresses));
          case MULTICAST -> node(start, g -> g.packets.multicast(pqual));
          case LESS -> {
            int v = expect(Kind.NUM).value();
            yield node(start, g -> g.packets.less(v));
          }
          case GREATER -> {
            int v = expect(Kind.NUM).value();
            yield node(start, g -> g.packets.greater(v));
          }
          case CBYTE -> {
            int idx = expect(Kind.NUM).value();
            char op =
                switch (next().kind()) {
                  case AMP -> '&';
                  case PIPE -> '|';
                  case LT -> '<';
                  case GT -> '>';
                  case EQ -> '=';
                  default -> {
                    pos--;
                    throw fail();
                  }
                };
            int val = expect(Kind.NUM).value();
            yield node(start, g -> g.packets.byteOp(op, idx, val));
          }
          case INBOUND -> node(start, g -> g.packets.inbound(false));
          case OUTBOUND -> node(start, g -> g.packets.inbound(true));
          case IFINDEX -> {
            int v = expect(Kind.NUM).value();
            yield node(start, g -> g.packets.ifindex(v));
          }
          case VLAN, MPLS, PPPOES, GENEVE -> {
            Integer v = attempt(this::pnum);
            boolean has = v != null;
            int num = has ? v : 0;
            yield switch (t.kind()) {
              case VLAN -> node(start, g -> g.packets.vlan(num, has));
              case MPLS -> node(start, g -> g.packets.mpls(num, has));
              case PPPOES -> node(start, g -> g.packets.pppoes(num, has));
              default -> node(start, g -> new Geneve(g.code, g.ports).generate(num, has));
            };
          }
          case PPPOED -> node(start, g -> g.packets.pppoed());
          case LLC -> {
            String sub = null;
            if (peek() == Kind.ID || peek() == Kind.PF_RNR) {
              Token s = next();
              sub = s.kind() == Kind.PF_RNR ? "rnr" : s.text();
            }
            String subtype = sub;
            yield node(start, g -> new LlcTests(g.code).generate(subtype));
          }
          case TYPE, SUBTYPE, DIR -> {
            // 802.11 qualifiers: libpcap refuses them on the link types compiled here.
            if (peek() == Kind.NUM || peek() == Kind.ID) {
              next();
              if (t.kind() == Kind.TYPE && peek() == Kind.SUBTYPE) {
                next();
                if (peek() == Kind.NUM || peek() == Kind.ID) {
                  next();
                } else {
                  throw fail();
                }
              }
            } else {
              throw fail();
            }
            boolean direction = t.kind() == Kind.DIR;
            yield node(start, g -> wlanOnly(direction));
          }
          case ATM -> {
            String kw = t.text();
            if (kw.equals("vpi") || kw.equals("vci")) {
              fieldValue();
            }
            String name =
                switch (kw) {
                  case "oamf4sc" -> "oam4sc";
                  case "oamf4ec" -> "oam4ec";
                  default -> kw;
                };
            yield node(start, g -> refused("'" + name + "' supported only on raw ATM"));
          }
          case SS7 -> {
            String kw = t.text().equals("lsu") ? "lssu" : t.text();
            String message;
            if (kw.endsWith("su")) {
              message =
                  "'" + kw + "' supported only on " + (kw.startsWith("h") ? "MTP2_HSL" : "MTP2");
            } else {
              fieldValue();
              String field = kw.startsWith("h") ? kw.substring(1) : kw;
              message = "'" + field + "' supported only on SS7";
            }
            yield node(start, g -> refused(message));
          }
          case PF_IFNAME, PF_RSET, PF_REASON, PF_ACTION -> {
            if (peek() != Kind.ID && peek() != Kind.NUM) {
              throw fail();
            }
            next();
            yield node(start, g -> pflogOnly(t.kind()));
          }
          case PF_RNR, PF_SRNR -> {
            expect(Kind.NUM);
            yield node(start, g -> pflogOnly(t.kind()));
          }
          default -> {
            pos--;
            throw fail();
          }
        };
    return new Bool(n, Qual.ERR);
  }

  private static Block wlanOnly(boolean direction) {
    throw CodeGen.error(
        direction
            ? "frame direction supported only with 802.11 headers"
            : "802.11 link-layer types supported only on 802.11");
  }

  private static Block refused(String message) {
    throw CodeGen.error(message);
  }

  /** An ATM or SS7 field value: NUM, a relation and NUM, or a parenthesised list of NUMs. */
  private void fieldValue() {
    switch (peek()) {
      case NUM -> next();
      case GT, GEQ, EQ, LEQ, LT, NEQ -> {
        next();
        expect(Kind.NUM);
      }
      case LPAREN -> {
        next();
        expect(Kind.NUM);
        while (peek() == Kind.OR) {
          next();
          expect(Kind.NUM);
        }
        expect(Kind.RPAREN);
      }
      default -> throw fail();
    }
  }

  private static Block pflogOnly(Kind kind) {
    String what =
        switch (kind) {
          case PF_IFNAME -> "ifname";
          case PF_RSET -> "ruleset";
          case PF_RNR -> "rule number";
          case PF_SRNR -> "subrule number";
          case PF_REASON -> "reason";
          default -> "action";
        };
    throw CodeGen.error(what + " supported only on PF linktype");
  }

  // ---- relations and arithmetic ----

  private Bool relation() {
    int start = tokens.get(pos).start();
    Node<Arth> a0 = arith(0);
    // relop: > >= = ; irelop (the negated tests): <= < !=
    int code =
        switch (peek()) {
          case GT, LEQ -> Bpf.JGT;
          case GEQ, LT -> Bpf.JGE;
          case EQ, NEQ -> Bpf.JEQ;
          default -> throw fail();
        };
    boolean reversed = peek() == Kind.LEQ || peek() == Kind.LT || peek() == Kind.NEQ;
    next();
    Node<Arth> a1 = arith(0);
    return new Bool(
        node(start, g -> g.packets.relation(code, a0.eval(g), a1.eval(g), reversed)), Qual.ERR);
  }

  private static final int UMINUS = 6;

  /** Binding strength of a binary operator: | 1, & 2, shifts 3, + - 4, * / 5; % ^ none (0). */
  private static int precedence(Kind k) {
    return switch (k) {
      case PIPE -> 1;
      case AMP -> 2;
      case LSH, RSH -> 3;
      case PLUS, MINUS -> 4;
      case STAR, SLASH -> 5;
      case PERCENT, CARET -> 0;
      default -> -1;
    };
  }

  private static int aluCode(Kind k) {
    return switch (k) {
      case PIPE -> Bpf.OR;
      case AMP -> Bpf.AND;
      case LSH -> Bpf.LSH;
      case RSH -> Bpf.RSH;
      case PLUS -> Bpf.ADD;
      case MINUS -> Bpf.SUB;
      case STAR -> Bpf.MUL;
      case SLASH -> Bpf.DIV;
      case PERCENT -> Bpf.MOD;
      default -> Bpf.XOR;
    };
  }

  /**
   * Precedence climbing. An operator without precedence ({@code %}, {@code ^}) is always taken
   * (bison shifts) and its right operand takes every operator after it.
   */
  private Node<Arth> arith(int minPrec) {
    Node<Arth> left = unary();
    while (true) {
      Kind k = peek();
      int p = precedence(k);
      if (p < 0) {
        return left;
      }
      int rightMin;
      if (p == 0) {
        rightMin = 0;
      } else if (p >= minPrec) {
        rightMin = p + 1;
      } else {
        return left;
      }
      next();
      Node<Arth> right = arith(rightMin);
      Node<Arth> l = left;
      int code = aluCode(k);
      left = node(l.start, g -> g.packets.arith(code, l.eval(g), right.eval(g)));
    }
  }

  private Node<Arth> unary() {
    Token t = tokens.get(pos);
    int start = t.start();
    switch (t.kind()) {
      case NUM -> {
        next();
        return node(start, g -> g.packets.loadImmediate(t.value()));
      }
      case MINUS -> {
        next();
        Node<Arth> a = arith(UMINUS);
        return node(start, g -> g.packets.neg(a.eval(g)));
      }
      case LPAREN -> {
        next();
        open(1);
        Node<Arth> a = arith(0);
        nesting--;
        expect(Kind.RPAREN);
        return a;
      }
      case LEN -> {
        next();
        return node(start, g -> g.packets.loadLength());
      }
      default -> {
        int proto = t.pname();
        if (proto < 0 || peek(1) != Kind.LBRACK) {
          throw fail();
        }
        next();
        next();
        open(2);
        Node<Arth> index = arith(0);
        nesting -= 2;
        int size = 1;
        if (peek() == Kind.COLON) {
          next();
          size = expect(Kind.NUM).value();
        }
        expect(Kind.RBRACK);
        int sz = size;
        return node(start, g -> g.packets.load(proto, index.eval(g), sz));
      }
    }
  }
}
