package dev.conifer.node;

import dev.conifer.transport.PeerUri;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Turns what the user typed for a listen or connect address into a canonical URI: {@code
 * tcp://host:port}, {@code ws://host:port/path} or {@code wss://…}. Go-style {@code host:port}
 * means TCP, and {@code :port} means every interface, as in Go's net package. {@code
 * quic://host:port} and the Bluetooth forms ({@code bt://}, {@code btspp://}, {@code btl2cap://},
 * docs/TRANSPORTS.md) are passed to the transports, which validate them.
 */
public final class NodeUris {
  private NodeUris() {}

  /** A {@code --listen} / {@code --connect} value, or Go's {@code -connect} value. */
  public static URI parse(String flag, String text) {
    return checked(flag, text, parseUnchecked(flag, text));
  }

  private static URI parseUnchecked(String flag, String text) {
    String trimmed = text.strip();
    int schemeEnd = trimmed.indexOf("://");
    if (schemeEnd < 0) {
      return tcp(flag, trimmed);
    }
    String scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = trimmed.substring(schemeEnd + 3);
    int pathStart = rest.indexOf('/');
    String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
    String path = pathStart < 0 ? "" : rest.substring(pathStart);
    switch (scheme) {
      case "tcp":
        if (!path.isEmpty() && !path.equals("/")) {
          throw new UserException(flag + ": a tcp:// URI has no path: '" + text + "'");
        }
        return tcp(flag, authority);
      case "ws":
      case "wss":
        return build(
            flag, text, scheme, HostPort.parse(flag, authority), path.isEmpty() ? "/" : path);
      case "quic":
        if (!path.isEmpty() && !path.equals("/")) {
          throw new UserException(flag + ": a quic:// URI has no path: '" + text + "'");
        }
        return build(flag, text, "quic", HostPort.parse(flag, authority), "");
      case "bt":
      case "btspp":
      case "btl2cap":
        // Bluetooth addresses are 12 hex digits, not host names: the transports parse them.
        try {
          return PeerUri.parse(trimmed).uri();
        } catch (IllegalArgumentException e) {
          throw new UserException(flag + ": '" + text + "': " + e.getMessage());
        }
      default:
        throw new UserException(
            flag
                + ": unsupported scheme '"
                + scheme
                + "' in '"
                + text
                + "' (use tcp://, ws://, wss://, quic:// or bt://)");
    }
  }

  /** Go's {@code -listen ADDR}. */
  public static URI tcp(String flag, String hostPort) {
    return checked(
        flag, hostPort, build(flag, hostPort, "tcp", HostPort.parse(flag, hostPort), ""));
  }

  /** Go's {@code -listenws ADDR}: a WebSocket server on every path. */
  public static URI ws(String flag, String hostPort) {
    return checked(
        flag, hostPort, build(flag, hostPort, "ws", HostPort.parse(flag, hostPort), "/"));
  }

  /** The transports have the last word on what they can dial or listen on. */
  private static URI checked(String flag, String original, URI uri) {
    try {
      PeerUri.of(uri);
    } catch (IllegalArgumentException e) {
      throw new UserException(flag + ": '" + original + "': " + e.getMessage());
    }
    return uri;
  }

  /** Returns {@code uri}, refusing port 0, which only makes sense for listening. */
  public static URI requireConnectable(String flag, URI uri) {
    boolean bluetooth = uri.getScheme().startsWith("bt");
    if (uri.getPort() == 0 && !bluetooth) { // bt://ADDR with no channel means "ask SDP"
      throw new UserException(flag + ": cannot connect to port 0 in '" + uri + "'");
    }
    return uri;
  }

  private static URI build(
      String flag, String original, String scheme, InetSocketAddress address, String path) {
    try {
      return new URI(scheme + "://" + HostPort.format(address) + path);
    } catch (URISyntaxException e) {
      throw new UserException(flag + ": not a valid address: '" + original + "'");
    }
  }
}
