package io.bpfjit.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The current record's fields, shared by the pcap and pcapng readers (each has its own stamps). */
abstract class RecordCursor implements CaptureReader {
  final ByteSource src;
  long count;
  int offset;
  int caplen;
  int wirelen;
  long recordOffset;

  RecordCursor(ByteSource src) {
    this.src = src;
  }

  @Override
  public byte[] buffer() {
    if (src.direct()) {
      throw new IllegalStateException("a capture read in place has its records in bytes()");
    }
    return src.buffer();
  }

  @Override
  public boolean inPlace() {
    return src.direct();
  }

  @Override
  public ByteBuffer bytes() {
    return src.bytes();
  }

  @Override
  public int offset() {
    return offset;
  }

  @Override
  public int caplen() {
    return caplen;
  }

  @Override
  public int wirelen() {
    return wirelen;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long recordOffset() {
    return recordOffset;
  }

  /**
   * libpcap's post-processing of the current record ({@link PseudoHeaders}): in a big-endian file
   * its host-order pseudo-header fields converted in place, then its wire length fixed where
   * libpcap fixes it.
   */
  final void postProcess(int linkType, boolean bigEndianFile) {
    byte[] b = src.buffer();
    if (bigEndianFile) {
      PseudoHeaders.convert(linkType, b, offset, caplen, wirelen);
    }
    wirelen = PseudoHeaders.wireLength(linkType, b, offset, caplen, wirelen);
  }

  @Override
  public void close() throws IOException {
    src.close();
  }
}
