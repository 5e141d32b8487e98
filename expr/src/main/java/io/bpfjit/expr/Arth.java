package io.bpfjit.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A value of packet-data arithmetic (libpcap's {@code struct arth}): the statements that compute it
 * into scratch register {@link #regno}, and the guard ({@link #guard}, may be null) that every
 * {@code proto[…]} inside it adds: the protocol tests a relation on this value is ANDed with.
 */
final class Arth {
  List<Stmt> stmts = new ArrayList<>();
  int regno;
  Block guard;
}
