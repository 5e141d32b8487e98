package io.bpfjit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random expressions ({@link Expressions}) compiled by this compiler and by the installed libpcap
 * ({@link LibpcapOracle}) on every supported link type, for a dead handle and for a capture file:
 * the same unoptimised program instruction for instruction, or the same message. The number of
 * tries is {@code -Dbpfjit.exprTries} (default 3,000 per property, so 6,000 a run).
 */
class LibpcapDifferentialTest {
  private static LibpcapOracle oracle;

  private static LibpcapOracle oracle() {
    if (oracle == null) {
      oracle = LibpcapOracle.start();
    }
    return oracle;
  }

  @AfterContainer
  static void stop() {
    if (oracle != null) {
      oracle.close();
      oracle = null;
    }
  }

  @Provide
  Arbitrary<String> expressions() {
    return Expressions.expression(3);
  }

  @Provide
  Arbitrary<Integer> linkTypes() {
    return Arbitraries.of(
        LinkTypes.EN10MB,
        LinkTypes.EN10MB,
        LinkTypes.EN10MB,
        LinkTypes.LINUX_SLL,
        LinkTypes.LINUX_SLL2,
        LinkTypes.RAW,
        LinkTypes.IPV4,
        LinkTypes.IPV6,
        LinkTypes.NULL,
        LinkTypes.LOOP,
        LinkTypes.PPP);
  }

  @Property
  void unoptimisedProgramsAndMessagesAreLibpcaps(
      @ForAll("expressions") String expression, @ForAll("linkTypes") int dlt) {
    assertEquals(
        oracle().compile(dlt, false, false, expression),
        LibpcapOracle.ours(dlt, false, false, expression),
        () -> LinkTypes.name(dlt) + ": " + expression);
  }

  @Property
  void asForACaptureFileAsLibpcap(
      @ForAll("expressions") String expression, @ForAll("linkTypes") int dlt) {
    assertEquals(
        oracle().compile(dlt, false, true, expression),
        LibpcapOracle.ours(dlt, false, true, expression),
        () -> LinkTypes.name(dlt) + " (savefile): " + expression);
  }
}
