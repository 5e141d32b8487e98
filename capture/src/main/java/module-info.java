/**
 * pcap and pcapng files: streaming readers and a writer. The sample-traffic generator the demo uses
 * ({@code io.bpfjit.capture.internal}) is not exported.
 */
module io.bpfjit.capture {
  exports io.bpfjit.capture;
}
