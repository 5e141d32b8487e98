package io.bpfjit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfjit.BpfProgram;
import io.bpfjit.PacketFilter;
import io.bpfjit.Verifier;
import io.bpfjit.jit.BpfJit;
import org.junit.jupiter.api.Test;

class SegmentCallsTest {
  /** {@code ldh [12]; jeq #0x800, 0, 1; ret #1; ret #0} over two packets, one IPv4 and one not. */
  private static final String IP = "4,40 0 0 12,21 0 1 2048,6 0 0 1,6 0 0 0";

  @Test
  void availableIsAnsweredOnEveryJdkAndSegmentsMatchArraysWhereTheyExist() {
    // the report asks this first on any JDK: it must answer, not fail to initialise the handles
    boolean available = SegmentCalls.available();
    assertEquals(Runtime.version().feature() >= 22, available);
    if (!available) {
      return; // JDK 17: the segments module is not built; nothing else here may be called
    }
    byte[] data = new byte[2 * 60];
    data[12] = 0x08; // packet 0: ethertype 0x0800
    data[60 + 12] = (byte) 0x86; // packet 1: 0x86dd
    data[60 + 13] = (byte) 0xdd;
    PacketFilter f = BpfJit.compile(Verifier.verify(BpfProgram.parse(IP)));
    Object packets = SegmentCalls.packets(SegmentCalls.nativeCopy(data));
    for (int i = 0; i < 2; i++) {
      assertEquals(
          f.apply(data, 60 * i, 60, 60), SegmentCalls.apply(packets, f, 60L * i, 60, 60), "" + i);
    }
    assertEquals(1, SegmentCalls.apply(packets, f, 0, 60, 60));
    assertEquals(0, SegmentCalls.apply(packets, f, 60, 60, 60));
  }
}
