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
 * the same program instruction for instruction, optimised or not, or the same message. The number
 * of tries per property is {@code -Djqwik.tries.default} (3,000 by default, set in {@code
 * junit-platform.properties}: 12,000 a run).
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
  void optimisedProgramsAndMessagesAreLibpcaps(
      @ForAll("expressions") String expression, @ForAll("linkTypes") int dlt) {
    assertEquals(
        oracle().compile(dlt, true, false, expression),
        LibpcapOracle.ours(dlt, true, false, expression),
        () -> LinkTypes.name(dlt) + " (optimised): " + expression);
  }

  @Property
  void optimisedForACaptureFileAsLibpcap(
      @ForAll("expressions") String expression, @ForAll("linkTypes") int dlt) {
    assertEquals(
        oracle().compile(dlt, true, true, expression),
        LibpcapOracle.ours(dlt, true, true, expression),
        () -> LinkTypes.name(dlt) + " (optimised, savefile): " + expression);
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
