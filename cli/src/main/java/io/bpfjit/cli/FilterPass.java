package io.bpfjit.cli;

import io.bpfjit.PacketFilter;
import io.bpfjit.capture.CaptureReader;
import io.bpfjit.capture.PcapWriter;
import java.io.IOException;

/**
 * One pass of {@code filter} over a capture, {@link #BATCH} records per call of {@link #some()}. A
 * method called once per batch is compiled after a hundred calls; one loop over the whole file was
 * compiled only after 60,000 iterations (HotSpot's on-stack-replacement threshold), the first
 * packets of every run interpreted: 20-30 ms of a run over 1 GB (measured per 16,384 packets).
 * Records read in place (direct buffers) are filtered where they are and written from there.
 */
final class FilterPass {
  static final int BATCH = 64;

  private final PacketFilter filter;
  private final CaptureReader in;
  private final Output output;
  private final boolean snap;
  private final FilterCommand.Stats st;
  private PcapWriter writer;
  private long limit = Long.MAX_VALUE;

  FilterPass(
      PacketFilter filter, CaptureReader in, Output output, boolean snap, FilterCommand.Stats st) {
    this.filter = filter;
    this.in = in;
    this.output = output;
    this.snap = snap;
    this.st = st;
  }

  /** Stops after {@code n} matches (tcpdump's {@code -c}). */
  FilterPass limit(long n) {
    limit = n;
    return this;
  }

  /**
   * Filters up to {@link #BATCH} records, writing matches; false at the end of the capture or once
   * the limit of matches is reached.
   */
  boolean some() throws IOException {
    for (int i = 0; i < BATCH; i++) {
      if (st.matched >= limit || !in.next()) {
        return false;
      }
      st.packets++;
      st.bytes += in.caplen();
      // At absolute indices of the reader's buffer: an array's, or a direct one read in place.
      int result = filter.apply(in.bytes(), in.offset(), in.caplen(), in.wirelen());
      if (result != 0) {
        st.matched++;
        if (output != null) {
          write(result);
        }
      }
    }
    return true;
  }

  private void write(int result) throws IOException {
    if (writer == null) {
      writer = open();
    }
    int cap = in.caplen();
    if (snap && Integer.compareUnsigned(result, cap) < 0) {
      cap = result;
    }
    writer.write(in, cap);
  }

  /** The output so far, created (empty, of the capture's link type) if nothing matched. */
  PcapWriter writer() throws IOException {
    if (writer == null) {
      writer = open();
    }
    return writer;
  }

  /**
   * A pcap whose header has the capture's link type and snapshot length, as tcpdump's {@code -w}
   * copies them from its input.
   */
  private PcapWriter open() throws IOException {
    return output.open(in.linkTypeField(), in.snaplen());
  }

  /** Deletes an uncommitted output file (a stream keeps the whole records written). */
  void close() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }
}
