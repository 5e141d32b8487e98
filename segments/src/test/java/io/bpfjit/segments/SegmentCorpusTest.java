package io.bpfjit.segments;

import io.bpfjit.PacketFilter;
import io.bpfjit.interpreter.BpfInterpreter;
import io.bpfjit.jit.BpfJit;
import io.bpfjit.testing.CorpusSuite;
import io.bpfjit.testing.EngineFactory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Nested;

/**
 * The libpcap conformance corpus with every packet given to the engine through a native memory
 * segment ({@link SegmentPackets#apply}, one instance for all packets, at an odd offset): the JIT
 * and the interpreter.
 */
class SegmentCorpusTest extends CorpusSuite {
  @Override
  protected EngineFactory engine() {
    return program -> new ThroughSegment(BpfJit.compile(program));
  }

  @Nested
  class Interpreter extends CorpusSuite {
    @Override
    protected EngineFactory engine() {
      return program -> new ThroughSegment(BpfInterpreter.of(program));
    }
  }

  /** Copies each packet into a native segment and filters it there. */
  private static final class ThroughSegment implements PacketFilter {
    private static final int AT = 13;
    private final PacketFilter engine;
    private final MemorySegment segment = Arena.ofAuto().allocate(AT + 300_000);
    private final SegmentPackets packets = SegmentPackets.of(segment);

    ThroughSegment(PacketFilter engine) {
      this.engine = engine;
    }

    @Override
    public synchronized int apply(byte[] packet, int offset, int caplen, int wirelen) {
      MemorySegment.copy(packet, offset, segment, ValueLayout.JAVA_BYTE, AT, caplen);
      return packets.apply(engine, AT, caplen, wirelen);
    }
  }
}
