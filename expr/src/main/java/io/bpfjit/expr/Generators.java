package io.bpfjit.expr;

/** The generators of one compilation, over one shared {@link CodeGen} state. */
final class Generators {
  final CodeGen code;
  final Protocols protocols;
  final Addresses addresses;
  final Ports ports;
  final Identifiers identifiers;
  final Packets packets;

  Generators(CompileOptions options) {
    code = new CodeGen(options);
    protocols = new Protocols(code);
    addresses = new Addresses(code);
    ports = new Ports(code);
    identifiers = new Identifiers(code, addresses, ports, protocols);
    packets = new Packets(code, protocols);
  }
}
