package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an expression into tokens as libpcap 1.10.3's flex scanner does: at each position the
 * longest match of any rule wins, and of equally long matches the earlier rule (keywords first,
 * then punctuation, operators, ARCnet, MAC, number, dotted, IPv6, bogus MAC, named constants,
 * names). So {@code 1-1} and {@code len-14} are names and {@code tcp-syn} is the number 2.
 */
final class Lexer {
  private Lexer() {}

  private static final Map<String, Token.Kind> KEYWORDS = new HashMap<>();
  private static final Map<String, Integer> CONSTANTS = new HashMap<>();

  private static void kw(Token.Kind kind, String... words) {
    for (String w : words) {
      KEYWORDS.put(w, kind);
    }
  }

  static {
    kw(Token.Kind.DST, "dst");
    kw(Token.Kind.SRC, "src");
    kw(Token.Kind.LINK, "link", "ether", "ppp", "slip", "fddi", "tr", "wlan");
    kw(Token.Kind.ARP, "arp");
    kw(Token.Kind.RARP, "rarp");
    kw(Token.Kind.IP, "ip");
    kw(Token.Kind.SCTP, "sctp");
    kw(Token.Kind.TCP, "tcp");
    kw(Token.Kind.UDP, "udp");
    kw(Token.Kind.ICMP, "icmp");
    kw(Token.Kind.IGMP, "igmp");
    kw(Token.Kind.IGRP, "igrp");
    kw(Token.Kind.PIM, "pim");
    kw(Token.Kind.VRRP, "vrrp");
    kw(Token.Kind.CARP, "carp");
    kw(Token.Kind.RADIO, "radio");
    kw(Token.Kind.IPV6, "ip6");
    kw(Token.Kind.ICMPV6, "icmp6");
    kw(Token.Kind.AH, "ah");
    kw(Token.Kind.ESP, "esp");
    kw(Token.Kind.ATALK, "atalk");
    kw(Token.Kind.AARP, "aarp");
    kw(Token.Kind.DECNET, "decnet");
    kw(Token.Kind.LAT, "lat");
    kw(Token.Kind.SCA, "sca");
    kw(Token.Kind.MOPRC, "moprc");
    kw(Token.Kind.MOPDL, "mopdl");
    kw(Token.Kind.ISO, "iso");
    kw(Token.Kind.ESIS, "esis", "es-is");
    kw(Token.Kind.ISIS, "isis", "is-is");
    kw(Token.Kind.L1, "l1");
    kw(Token.Kind.L2, "l2");
    kw(Token.Kind.IIH, "iih");
    kw(Token.Kind.LSP, "lsp");
    kw(Token.Kind.SNP, "snp");
    kw(Token.Kind.CSNP, "csnp");
    kw(Token.Kind.PSNP, "psnp");
    kw(Token.Kind.CLNP, "clnp");
    kw(Token.Kind.STP, "stp");
    kw(Token.Kind.IPX, "ipx");
    kw(Token.Kind.NETBEUI, "netbeui");
    kw(Token.Kind.HOST, "host");
    kw(Token.Kind.NET, "net");
    kw(Token.Kind.NETMASK, "mask");
    kw(Token.Kind.PORT, "port");
    kw(Token.Kind.PORTRANGE, "portrange");
    kw(Token.Kind.PROTO, "proto");
    kw(Token.Kind.PROTOCHAIN, "protochain");
    kw(Token.Kind.GATEWAY, "gateway");
    kw(Token.Kind.TYPE, "type");
    kw(Token.Kind.SUBTYPE, "subtype");
    kw(Token.Kind.DIR, "direction", "dir");
    kw(Token.Kind.ADDR1, "address1", "addr1");
    kw(Token.Kind.ADDR2, "address2", "addr2");
    kw(Token.Kind.ADDR3, "address3", "addr3");
    kw(Token.Kind.ADDR4, "address4", "addr4");
    kw(Token.Kind.RA, "ra");
    kw(Token.Kind.TA, "ta");
    kw(Token.Kind.LESS, "less");
    kw(Token.Kind.GREATER, "greater");
    kw(Token.Kind.CBYTE, "byte");
    kw(Token.Kind.BROADCAST, "broadcast");
    kw(Token.Kind.MULTICAST, "multicast");
    kw(Token.Kind.AND, "and", "&&");
    kw(Token.Kind.OR, "or", "||");
    kw(Token.Kind.NOT, "not");
    kw(Token.Kind.LEN, "len", "length");
    kw(Token.Kind.INBOUND, "inbound");
    kw(Token.Kind.OUTBOUND, "outbound");
    kw(Token.Kind.IFINDEX, "ifindex");
    kw(Token.Kind.VLAN, "vlan");
    kw(Token.Kind.MPLS, "mpls");
    kw(Token.Kind.PPPOED, "pppoed");
    kw(Token.Kind.PPPOES, "pppoes");
    kw(Token.Kind.GENEVE, "geneve");
    kw(Token.Kind.LLC, "llc");
    kw(Token.Kind.ATM, "lane", "metac", "bcc", "oam", "oamf4", "oamf4ec", "oamf4sc", "sc");
    kw(Token.Kind.ATM, "ilmic", "vpi", "vci", "connectmsg", "metaconnect");
    kw(Token.Kind.PF_IFNAME, "on", "ifname");
    kw(Token.Kind.PF_RSET, "rset", "ruleset");
    kw(Token.Kind.PF_RNR, "rnr", "rulenum");
    kw(Token.Kind.PF_SRNR, "srnr", "subrulenum");
    kw(Token.Kind.PF_REASON, "reason");
    kw(Token.Kind.PF_ACTION, "action");
    kw(Token.Kind.SS7, "fisu", "lssu", "lsu", "msu", "hfisu", "hlssu", "hmsu");
    kw(Token.Kind.SS7, "sio", "opc", "dpc", "sls", "hsio", "hopc", "hdpc", "hsls");

    String[] icmp = {
      "echoreply",
      "",
      "",
      "unreach",
      "sourcequench",
      "redirect",
      "",
      "",
      "echo",
      "routeradvert",
      "routersolicit",
      "timxceed",
      "paramprob",
      "tstamp",
      "tstampreply",
      "ireq",
      "ireqreply",
      "maskreq",
      "maskreply"
    };
    for (int i = 0; i < icmp.length; i++) {
      if (!icmp[i].isEmpty()) {
        CONSTANTS.put("icmp-" + icmp[i], i);
      }
    }
    CONSTANTS.put("icmptype", 0);
    CONSTANTS.put("icmpcode", 1);
    CONSTANTS.put("icmp6type", 0);
    CONSTANTS.put("icmp6code", 1);
    String[][] icmp6 = {
      {"destinationunreach", "1"},
      {"packettoobig", "2"},
      {"timeexceeded", "3"},
      {"parameterproblem", "4"},
      {"echo", "128"},
      {"echoreply", "129"},
      {"multicastlistenerquery", "130"},
      {"multicastlistenerreportv1", "131"},
      {"multicastlistenerdone", "132"},
      {"routersolicit", "133"},
      {"routeradvert", "134"},
      {"neighborsolicit", "135"},
      {"neighboradvert", "136"},
      {"redirect", "137"},
      {"routerrenum", "138"},
      {"nodeinformationquery", "139"},
      {"nodeinformationresponse", "140"},
      {"ineighbordiscoverysolicit", "141"},
      {"ineighbordiscoveryadvert", "142"},
      {"multicastlistenerreportv2", "143"},
      {"homeagentdiscoveryrequest", "144"},
      {"homeagentdiscoveryreply", "145"},
      {"mobileprefixsolicit", "146"},
      {"mobileprefixadvert", "147"},
      {"certpathsolicit", "148"},
      {"certpathadvert", "149"},
      {"multicastrouteradvert", "151"},
      {"multicastroutersolicit", "152"},
      {"multicastrouterterm", "153"}
    };
    for (String[] c : icmp6) {
      CONSTANTS.put("icmp6-" + c[0], Integer.parseInt(c[1]));
    }
    CONSTANTS.put("tcpflags", 13);
    String[] flags = {"fin", "syn", "rst", "push", "ack", "urg", "ece", "cwr"};
    for (int i = 0; i < flags.length; i++) {
      CONSTANTS.put("tcp-" + flags[i], 1 << i);
    }
  }

  private static final int MAX_KEYWORD = 16;
  private static final int MAX_CONSTANT = 32;

  private static final String N = "(?:0[Xx][0-9A-Fa-f]+|[0-9]+)";
  private static final String HEX = "[0-9A-Fa-f]";
  private static final String B = HEX + "{1,2}";
  private static final String W = HEX + "{1,4}";

  /**
   * The shapes matched by regular expression, compiled on first use: an expression without a {@code
   * $}, a colon or a backslash (most of them) never loads the regex engine, which cost a fresh JVM
   * about 15 ms here (`port 80` compiled in 64-72 ms, cold).
   */
  private static final class Patterns {
    static final Pattern AID = Pattern.compile("\\$" + B);
    static final Pattern[] V6 = ipv6Patterns();
    static final Pattern BOGUS_MAC = Pattern.compile(B + ":+(?:" + B + ":+)+");
    static final Pattern ESCAPED = Pattern.compile("\\\\[^ !()\\n\\t]+");
  }

  /** The 59 IPv6 shapes of scanner.l: groups with an optional "::", an optional dotted quad. */
  private static Pattern[] ipv6Patterns() {
    List<Pattern> list = new ArrayList<>();
    String dotted = N + "\\." + N + "\\." + N + "\\." + N;
    list.add(Pattern.compile(shape(8, -1, null)));
    for (int k = 7; k >= 0; k--) {
      for (int p = 0; p <= k; p++) {
        list.add(Pattern.compile(shape(k, p, null)));
      }
    }
    list.add(Pattern.compile(shape(6, -1, dotted)));
    for (int k = 5; k >= 0; k--) {
      for (int p = 0; p <= k; p++) {
        list.add(Pattern.compile(shape(k, p, dotted)));
      }
    }
    return list.toArray(new Pattern[0]);
  }

  private static String shape(int groups, int gapAt, String tail) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      if (i == gapAt) {
        items.add("::");
      }
      items.add(W);
    }
    if (gapAt == groups) {
      items.add("::");
    }
    if (tail != null) {
      items.add(tail);
    }
    StringBuilder sb = new StringBuilder();
    boolean afterGap = true;
    for (String item : items) {
      if (item.equals("::")) {
        sb.append("::");
        afterGap = true;
      } else {
        if (!afterGap) {
          sb.append(':');
        }
        sb.append(item);
        afterGap = false;
      }
    }
    return sb.toString();
  }

  private static final String PUNCT = "+-*/%:[]!<>()&|^=";
  private static final String[] OPERATORS = {">=", "<=", "!=", "==", "<<", ">>"};

  /** All tokens of {@code text}, ending with an END token. Lexical errors are LEX_ERROR tokens. */
  static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int len = text.length();
    int lastDot = text.lastIndexOf('.');
    int[] lens = new int[12];
    while (true) {
      while (i < len && isSpace(text.charAt(i))) {
        i++;
      }
      if (i >= len) {
        out.add(new Token(Token.Kind.END, "", 0, null, i, i));
        return out;
      }
      Token t = next(text, i, lastDot, lens);
      out.add(t);
      i = t.end();
    }
  }

  private static int lookingAt(Pattern p, String text, int at) {
    Matcher m = p.matcher(text).region(at, text.length());
    return m.lookingAt() ? m.end() - at : 0;
  }

  // Character classes, a bit each, for the runs the rules measure.
  private static final int C_HEX = 2;
  private static final int C_ADDR = 4;
  private static final byte[] CLASSES = new byte[128];

  static {
    for (char c : "0123456789abcdefABCDEF".toCharArray()) {
      CLASSES[c] |= C_HEX | C_ADDR;
    }
    for (char c : ":.-xX".toCharArray()) {
      CLASSES[c] |= C_ADDR;
    }
  }

  /** The length of the run of characters from {@code at} in character class {@code cls}. */
  private static int run(String text, int at, int cls) {
    int i = at;
    int len = text.length();
    while (i < len) {
      char c = text.charAt(i);
      if (c >= 128 || (CLASSES[c] & cls) == 0) {
        break;
      }
      i++;
    }
    return i - at;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\r' || c == '\n' || c == '\t';
  }

  /**
   * Literals and what they stand for, looked up in place: open addressing on String.hashCode, a hit
   * confirmed with regionMatches, so looking up a token's text makes no substring.
   */
  private static final class Literals<V> {
    private final String[] keys;
    private final Object[] values;
    private final int mask;

    Literals(Map<String, V> words) {
      int size = Integer.highestOneBit(words.size() * 4);
      keys = new String[size];
      values = new Object[size];
      mask = size - 1;
      for (Map.Entry<String, V> w : words.entrySet()) {
        int i = w.getKey().hashCode() & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = w.getKey();
        values[i] = w.getValue();
      }
    }

    /** The slot of the literal equal to text[at, at + len), or -1. */
    int find(String text, int at, int len) {
      int hash = 0;
      for (int i = at; i < at + len; i++) {
        hash = 31 * hash + text.charAt(i); // String.hashCode of the region
      }
      for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
        String k = keys[i];
        if (k.length() == len && k.hashCode() == hash && text.regionMatches(at, k, 0, len)) {
          return i;
        }
      }
      return -1;
    }

    String key(int slot) {
      return keys[slot];
    }

    @SuppressWarnings("unchecked")
    V value(int slot) {
      return (V) values[slot];
    }
  }

  private static final Literals<Token.Kind> KEYWORD_SET = new Literals<>(KEYWORDS);
  private static final Literals<Integer> CONSTANT_SET = new Literals<>(CONSTANTS);

  private static boolean idChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
  }

  /** ID: {@code [A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?}, longest. */
  private static int idLength(String text, int at) {
    int end = at + 1;
    while (end < text.length() && idChar(text.charAt(end))) {
      end++;
    }
    // the last character may not be '-' or '_'
    while (end > at + 1 && (text.charAt(end - 1) == '-' || text.charAt(end - 1) == '_')) {
      end--;
    }
    return end - at;
  }

  /**
   * The token at {@code at}; {@code lastDot}: where the text's last '.' is, or -1; {@code lens}: a
   * scratch array of 12, each rule's match length.
   */
  private static Token next(String text, int at, int lastDot, int[] lens) {
    char c = text.charAt(at);
    if (isWordStart(text, at, c)) {
      return word(text, at, c);
    }
    int bestLen = 0;
    int bestRule = Integer.MAX_VALUE;
    Arrays.fill(lens, 0);
    // Every keyword and named constant but && and || has the shape of an ID, so one of them can
    // only win (on a tie, as an earlier rule) where it is the whole ID: one lookup of the ID's
    // text finds it; a shorter one at the same place loses to the ID.
    int idLen = c < 128 && Character.isLetterOrDigit(c) ? idLength(text, at) : 0;
    // rule 0: keywords
    int keyword = -1;
    if (idLen > 0) {
      keyword = idLen <= MAX_KEYWORD ? KEYWORD_SET.find(text, at, idLen) : -1;
    } else if ((c == '&' || c == '|') && at + 1 < text.length() && text.charAt(at + 1) == c) {
      keyword = KEYWORD_SET.find(text, at, 2);
    }
    if (keyword >= 0) {
      bestLen = KEYWORD_SET.key(keyword).length();
      bestRule = 0;
    }
    lens[1] = PUNCT.indexOf(c) >= 0 ? 1 : 0;
    if (c == '<' || c == '>' || c == '!' || c == '=') {
      for (String op : OPERATORS) {
        if (text.startsWith(op, at)) {
          lens[2] = 2;
        }
      }
    }
    if (c == '$') {
      lens[3] = lookingAt(Patterns.AID, text, at);
    }
    // The address shapes are tried only where their characters are: most tokens are words.
    int hexRun = run(text, at, C_HEX);
    int addrRun = run(text, at, C_ADDR);
    boolean colon = hasColon(text, at, addrRun);
    if (addrRun >= 11 || hexRun >= 12) {
      lens[4] = AddressShapes.mac(text, at);
    }
    if (c >= '0' && c <= '9') {
      lens[5] = AddressShapes.number(text, at);
      if (lastDot > at) {
        lens[6] = AddressShapes.dottedHost(text, at);
      }
    }
    if (colon) {
      for (Pattern p : Patterns.V6) {
        lens[7] = Math.max(lens[7], lookingAt(p, text, at));
      }
      lens[8] = lookingAt(Patterns.BOGUS_MAC, text, at);
    }
    int constant = -1;
    if ((c == 'i' || c == 't') && idLen <= MAX_CONSTANT) {
      constant = CONSTANT_SET.find(text, at, idLen);
      lens[9] = constant < 0 ? 0 : idLen;
    }
    lens[10] = idLen;
    if (c == '\\') {
      lens[11] = lookingAt(Patterns.ESCAPED, text, at);
    }
    for (int r = 1; r < lens.length; r++) {
      if (lens[r] > bestLen) {
        bestLen = lens[r];
        bestRule = r;
      }
    }
    if (bestLen == 0) {
      // '.': any other character
      return new Token(Token.Kind.LEX_ERROR, text.substring(at, at + 1), 0, null, at, at + 1);
    }
    int end = at + bestLen;
    if (bestRule == 0) {
      return keywordToken(keyword, at, end);
    }
    if (bestRule == 9) {
      return constantToken(constant, at, end);
    }
    String s = text.substring(at, end);
    return switch (bestRule) {
      case 1 -> new Token(Token.punct(c), s, 0, null, at, end);
      case 2 -> new Token(Token.operator(s), s, 0, null, at, end);
      case 3 -> new Token(Token.Kind.AID, s, 0, null, at, end);
      case 4 -> new Token(Token.Kind.EID, s, 0, null, at, end);
      case 5 -> number(s, at, end);
      case 6 -> new Token(Token.Kind.HID, s, 0, null, at, end);
      case 7 ->
          new Token(
              Token.Kind.HID6,
              s,
              0,
              Ipv6.parse(s) == null ? "bogus IPv6 address " + s : null,
              at,
              end);
      case 8 -> new Token(Token.Kind.EID, s, 0, "bogus ethernet address " + s, at, end);
      case 10 -> new Token(Token.Kind.ID, s, 0, null, at, end);
      default -> new Token(Token.Kind.ID, s.substring(1), 0, null, at, end);
    };
  }

  /**
   * Whether the token at {@code at} starts with a letter and cannot be an address: no run of
   * address characters long enough for a MAC address, none with a colon. Then only a keyword, a
   * named constant or an ID can match, all the same length (the whole ID), in that order of rules.
   */
  private static boolean isWordStart(String text, int at, char c) {
    if (c >= 128 || !Character.isLetter(c)) {
      return false;
    }
    int addrRun = run(text, at, C_ADDR);
    return addrRun < 11 && !hasColon(text, at, addrRun);
  }

  private static boolean hasColon(String text, int at, int len) {
    for (int i = at; i < at + len; i++) {
      if (text.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }

  private static Token keywordToken(int slot, int at, int end) {
    return new Token(KEYWORD_SET.value(slot), KEYWORD_SET.key(slot), 0, null, at, end);
  }

  private static Token constantToken(int slot, int at, int end) {
    return new Token(
        Token.Kind.NUM, CONSTANT_SET.key(slot), CONSTANT_SET.value(slot), null, at, end);
  }

  /** The keyword, named constant or ID at {@code at}, where {@link #isWordStart} holds. */
  private static Token word(String text, int at, char c) {
    int idLen = idLength(text, at);
    int end = at + idLen;
    int keyword = idLen <= MAX_KEYWORD ? KEYWORD_SET.find(text, at, idLen) : -1;
    if (keyword >= 0) {
      return keywordToken(keyword, at, end);
    }
    if ((c == 'i' || c == 't') && idLen <= MAX_CONSTANT) {
      int constant = CONSTANT_SET.find(text, at, idLen);
      if (constant >= 0) {
        return constantToken(constant, at, end);
      }
    }
    return new Token(Token.Kind.ID, text.substring(at, end), 0, null, at, end);
  }

  /** stou: decimal, 0x hex or 0-prefixed octal, each checked for 32-bit overflow. */
  private static Token number(String s, int at, int end) {
    long n = 0;
    String error = null;
    if (s.length() > 1 && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      for (int i = 2; i < s.length() && error == null; i++) {
        if (n > 0xFFFFFFFL) {
          error = "number " + s + " overflows 32 bits";
        }
        n = n << 4 | Character.digit(s.charAt(i), 16);
      }
    } else if (s.charAt(0) == '0') {
      for (int i = 1; i < s.length() && error == null; i++) {
        int d = s.charAt(i) - '0';
        if (d > 7) {
          error = "number " + s + " contains non-octal digit";
        } else if (n > 03777777777L) {
          error = "number " + s + " overflows 32 bits";
        } else {
          n = n << 3 | d;
        }
      }
    } else {
      for (int i = 0; i < s.length() && error == null; i++) {
        int d = s.charAt(i) - '0';
        if (n > 0xFFFFFFFFL / 10 || (n == 0xFFFFFFFFL / 10 && d > 0xFFFFFFFFL % 10)) {
          error = "number " + s + " overflows 32 bits";
        }
        n = n * 10 + d;
      }
    }
    if (error != null) {
      return new Token(Token.Kind.LEX_ERROR, s, 0, error, at, end);
    }
    return new Token(Token.Kind.NUM, s, (int) n, null, at, end);
  }
}
