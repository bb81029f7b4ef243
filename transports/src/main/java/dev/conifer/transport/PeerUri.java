package dev.conifer.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A peering address: {@code tcp://host:port}, {@code ws://host:port/path}, {@code
 * wss://host:port/path}, or Go's bare {@code host:port} (TCP). Parsing never resolves names.
 * Schemes planned for later ({@code quic://}, {@code bt://}) are rejected with a clear message.
 */
public final class PeerUri {
  /** The transports this build can peer over. */
  public enum Scheme {
    TCP("tcp", -1),
    WS("ws", 80),
    WSS("wss", 443);

    private final String text;
    private final int defaultPort;

    Scheme(String text, int defaultPort) {
      this.text = text;
      this.defaultPort = defaultPort;
    }

    public String text() {
      return text;
    }
  }

  private final Scheme scheme;
  private final String host;
  private final int port;
  private final URI uri;
  private final String text;

  private PeerUri(Scheme scheme, String host, int port, URI uri, String text) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.uri = uri;
    this.text = text;
  }

  /**
   * Parses user input; throws {@link IllegalArgumentException} naming the input and the problem.
   */
  public static PeerUri parse(String text) {
    Objects.requireNonNull(text, "uri");
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty peer address");
    }
    if (!trimmed.contains("://")) {
      return parseUri("tcp://" + trimmed, text); // Go's static peers are plain host:port
    }
    return parseUri(trimmed, text);
  }

  public static PeerUri of(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.getScheme() == null) {
      return parse(uri.toString());
    }
    if (uri.isOpaque() && uri.getRawSchemeSpecificPart().matches("[0-9]+")) {
      return parse(uri.toString()); // "localhost:7000" reads as scheme "localhost"
    }
    return parseUri(uri.toString(), uri.toString());
  }

  private static PeerUri parseUri(String candidate, String original) {
    URI uri;
    try {
      uri = new URI(candidate);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid peer address '" + original + "': " + e.getReason(), e);
    }
    Scheme scheme = scheme(uri, original);
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "peer address '" + original + "' has no host (expected " + scheme.text + "://host:port)");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort();
    if (port < 0) {
      if (scheme.defaultPort < 0) {
        throw new IllegalArgumentException(
            "peer address '"
                + original
                + "' has no port (expected "
                + scheme.text
                + "://host:port)");
      }
      port = scheme.defaultPort;
    }
    if (port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range in peer address '" + original + "'");
    }
    String path = uri.getRawPath();
    if (scheme == Scheme.TCP
        && ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null)) {
      throw new IllegalArgumentException(
          "tcp peer address '" + original + "' must not have a path or query");
    }
    return new PeerUri(scheme, host, port, uri, original.trim());
  }

  private static Scheme scheme(URI uri, String original) {
    String name = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (name) {
      case "tcp":
        return Scheme.TCP;
      case "ws":
        return Scheme.WS;
      case "wss":
        return Scheme.WSS;
      case "quic":
        throw new IllegalArgumentException(
            "quic:// peering is not supported yet: '" + original + "' (use tcp:// or ws://)");
      case "bt":
        throw new IllegalArgumentException(
            "bt:// (Bluetooth) peering is not supported yet: '"
                + original
                + "' (use tcp:// or ws://)");
      default:
        throw new IllegalArgumentException(
            "unsupported scheme '"
                + name
                + "' in peer address '"
                + original
                + "' (expected tcp://, ws://, wss:// or host:port)");
    }
  }

  public Scheme scheme() {
    return scheme;
  }

  /** The host as written, without IPv6 brackets. */
  public String host() {
    return host;
  }

  /** The port, or the scheme's default (80 for ws, 443 for wss); 0 means "any" when listening. */
  public int port() {
    return port;
  }

  /** The normalised URI ({@code tcp://} added to a bare host:port). */
  public URI uri() {
    return uri;
  }

  /** The address exactly as configured, for status and logs (Go keeps the configured string). */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerUri && ((PeerUri) other).uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }
}
