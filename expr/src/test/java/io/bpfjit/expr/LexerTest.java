package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** flex's rules as libpcap's scanner has them: longest match, then the earlier rule. */
class LexerTest {
  private static String lex(String text) {
    List<Token> tokens = Lexer.tokenize(text);
    return tokens.subList(0, tokens.size() - 1).stream()
        .map(
            t ->
                t.kind()
                    + (t.kind() == Token.Kind.NUM ? "=" + Integer.toUnsignedString(t.value()) : "")
                    + (t.kind() == Token.Kind.ID
                            || t.kind() == Token.Kind.HID
                            || t.kind() == Token.Kind.HID6
                            || t.kind() == Token.Kind.EID
                        ? "(" + t.text() + ")"
                        : "")
                    + (t.error() != null ? "!" + t.error() : ""))
        .collect(Collectors.joining(" "));
  }

  @Test
  void keywordsAgainstNamesAndConstants() {
    assertEquals("TCP PORT NUM=80", lex("tcp port 80"));
    assertEquals("ID(tcpdump)", lex("tcpdump"));
    assertEquals("NUM=2", lex("tcp-syn")); // the named constant beats the keyword and the name
    assertEquals("ID(tcp-synx)", lex("tcp-synx"));
    assertEquals("PORTRANGE", lex("portrange"));
    assertEquals("IPV6 IPX ESIS ISIS", lex("ip6 ipx es-is is-is"));
    assertEquals("AND OR NOT NOT", lex("&& || not !"));
    assertEquals("ID(TCP)", lex("TCP")); // keywords are case-sensitive
    assertEquals("LINK LINK LINK", lex("ether wlan ppp"));
    // a keyword or constant is found only as a whole name: a longer name wins, a name cut short
    // by a character it cannot end in leaves the keyword
    assertEquals("ID(ip.x) ID(ip6.) ID(portx)", lex("ip.x ip6. portx"));
    assertEquals("TCP LEX_ERROR", lex("tcp_"));
    assertEquals("NUM=2 MINUS", lex("tcp-syn-"));
    assertEquals("ID(a) AND ID(b) OR ID(c)", lex("a&&b||c"));
    assertEquals("AMP ID(x)", lex("&x"));
  }

  @Test
  void longestMatchMakesNamesOfArithmetic() {
    assertEquals("LPAREN ID(1-1) RPAREN GT NUM=0", lex("(1-1) > 0"));
    assertEquals("ID(len-14) GT NUM=5", lex("len-14 > 5"));
    assertEquals("LEN MINUS NUM=14", lex("len - 14"));
    assertEquals("ID(7000-7010)", lex("7000-7010"));
    assertEquals("ID(a.b-c) LEX_ERROR", lex("a.b-c_")); // a name cannot end in _
  }

  @Test
  void numbersInTheirThreeBases() {
    assertEquals("NUM=16", lex("0x10"));
    assertEquals("NUM=8", lex("010"));
    assertEquals("ID(0x)", lex("0x")); // a name: longer than the number 0
    assertEquals("LEX_ERROR!number 09 contains non-octal digit", lex("09"));
    assertEquals("LEX_ERROR!number 4294967296 overflows 32 bits", lex("4294967296"));
    assertEquals("NUM=4294967295", lex("4294967295"));
    assertEquals("LEX_ERROR!number 0x100000000 overflows 32 bits", lex("0x100000000"));
  }

  @Test
  void addresses() {
    assertEquals("HID(10.0.0.1)", lex("10.0.0.1"));
    assertEquals("HID(10.1)", lex("10.1"));
    assertEquals("EID(aa:bb:cc:dd:ee:ff)", lex("aa:bb:cc:dd:ee:ff"));
    assertEquals("EID(1:2:3:4:5:6)", lex("1:2:3:4:5:6"));
    assertEquals("EID(abcd.ef00.0003)", lex("abcd.ef00.0003"));
    assertEquals("EID(abcdef012345)", lex("abcdef012345"));
    assertEquals("HID6(fe80::1)", lex("fe80::1"));
    assertEquals("HID6(::ffff:1.2.3.4)", lex("::ffff:1.2.3.4"));
    assertEquals("HID6(::)", lex("::"));
    assertEquals("EID(1::2::)!bogus ethernet address 1::2:: NUM=3", lex("1::2::3"));
    assertEquals("EID(1:2:3:4:)!bogus ethernet address 1:2:3:4: NUM=5", lex("1:2:3:4:5"));
    assertEquals("HID6(::1.2.3.400)!bogus IPv6 address ::1.2.3.400", lex("::1.2.3.400"));
  }

  @Test
  void escapesAndStrays() {
    assertEquals("IP PROTO ID(tcp)", lex("ip proto \\tcp"));
    assertEquals("LEX_ERROR", lex("@"));
    assertEquals("AID", lex("$01"));
  }
}
