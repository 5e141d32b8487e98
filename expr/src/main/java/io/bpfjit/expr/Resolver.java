package io.bpfjit.expr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves the names an expression may contain that are not in the compiler's built-in tables: host
 * names ({@code host www.example.com}) and Ethernet host names ({@code ether host gw}). {@link
 * #system()} asks the JVM's resolver for hosts, as libpcap asks the system, and knows no Ethernet
 * names; {@link #none()} resolves nothing, so every name is an "unknown host" error.
 */
public interface Resolver {
  /** The addresses of {@code name} (IPv4 and IPv6, in the order to test), or an empty list. */
  List<InetAddress> hosts(String name);

  /** The 6-byte MAC address of {@code name}, or null. */
  default byte[] etherHost(String name) {
    return null;
  }

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  static Resolver system() {
    return name -> {
      try {
        return List.of(InetAddress.getAllByName(name));
      } catch (UnknownHostException | SecurityException e) {
        return List.of();
      }
    };
  }

  /** Resolves nothing. */
  static Resolver none() {
    return name -> List.of();
  }
}
