package dev.conifer.node;

import java.net.InetSocketAddress;

/**
 * Parses {@code HOST:PORT} ({@code [v6]:PORT} for IPv6 literals, {@code :PORT} for every interface,
 * as Go's net package does). Bad input is a {@link UserException} naming the flag.
 */
public final class HostPort {
  private HostPort() {}

  /** Parses {@code text}, which was given for {@code flag}; the host is not resolved. */
  public static InetSocketAddress parse(String flag, String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new UserException(flag + ": expected HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new UserException(
          flag + ": write IPv6 addresses in brackets, as [::1]:PORT; got '" + text + "'");
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UserException(flag + ": port is not a number in '" + text + "'");
    }
    if (port < 0 || port > 65535) {
      throw new UserException(flag + ": port must be 0..65535, got " + port);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Formats an address as {@code host:port}, bracketing IPv6 literals. */
  public static String format(InetSocketAddress address) {
    String host = address.getHostString();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return host + ":" + address.getPort();
  }
}
