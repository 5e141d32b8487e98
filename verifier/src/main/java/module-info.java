/**
 * The classic BPF program model: instructions, the text formats, the verifier and {@link
 * io.bpfjit.PacketFilter}, the interface every engine implements.
 */
module io.bpfjit.verifier {
  exports io.bpfjit;
}
