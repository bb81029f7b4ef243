package dev.conifer.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peering address: {@code tcp://host:port}, {@code ws://host:port/path}, {@code
 * wss://host:port/path}, or Go's bare {@code host:port} (TCP). Parsing never resolves names. Also
 * {@code quic://host:port}, and Bluetooth: {@code bt://ADDRESS}, {@code btspp://ADDRESS:CH}, {@code
 * btl2cap://ADDRESS:PSM} (ADDRESS = 12 hex digits, or {@code localhost} to listen). Whether a
 * transport is usable on this machine is decided when it is used, not here.
 */
public final class PeerUri {
  /** The transports this build can peer over. */
  public enum Scheme {
    TCP("tcp", -1),
    WS("ws", 80),
    WSS("wss", 443),
    QUIC("quic", -1),
    /** Bluetooth, RFCOMM or L2CAP found through the Conifer SDP record: {@code bt://ADDRESS}. */
    BT("bt", 0),
    /** Bluetooth RFCOMM: {@code btspp://ADDRESS:CHANNEL} (JSR-82's URL scheme). */
    BTSPP("btspp", 0),
    /** Bluetooth L2CAP: {@code btl2cap://ADDRESS:PSM} (JSR-82's URL scheme). */
    BTL2CAP("btl2cap", 0);

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
    if (trimmed.regionMatches(true, 0, "bt", 0, 2)) {
      return parseBluetooth(trimmed, text);
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
    return parse(uri.toString());
  }

  // A Bluetooth address is 12 hex digits, which java.net.URI does not read as a host name.
  private static final Pattern BLUETOOTH =
      Pattern.compile(
          "(?i)(bt|btspp|btl2cap)://([0-9a-f]{12}|(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|localhost)"
              + "(?::([0-9]{1,5}))?/?");

  private static PeerUri parseBluetooth(String candidate, String original) {
    Matcher m = BLUETOOTH.matcher(candidate);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid Bluetooth address '"
              + original
              + "' (expected bt://ADDRESS, btspp://ADDRESS:CHANNEL or btl2cap://ADDRESS:PSM, where"
              + " ADDRESS is 12 hex digits, optionally colon-separated, or localhost to listen)");
    }
    Scheme scheme = scheme(URI.create(m.group(1).toLowerCase(Locale.ROOT) + "://x"), original);
    int port = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (port > 0xFFFF) {
      throw new IllegalArgumentException("channel or PSM out of range in '" + original + "'");
    }
    String host = m.group(2).replace(":", "").toUpperCase(Locale.ROOT);
    if (host.equals("LOCALHOST")) {
      host = "localhost";
    }
    URI uri = URI.create(scheme.text + "://" + host + (port > 0 ? ":" + port : ""));
    return new PeerUri(scheme, host, port, uri, original.trim());
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
    if ((scheme == Scheme.TCP || scheme == Scheme.QUIC)
        && ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null)) {
      throw new IllegalArgumentException(
          scheme.text + " peer address '" + original + "' must not have a path or query");
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
        return Scheme.QUIC;
      case "bt":
        return Scheme.BT;
      case "btspp":
        return Scheme.BTSPP;
      case "btl2cap":
        return Scheme.BTL2CAP;
      default:
        throw new IllegalArgumentException(
            "unsupported scheme '"
                + name
                + "' in peer address '"
                + original
                + "' (expected tcp://, ws://, wss://, quic://, bt:// or host:port)");
    }
  }

  /** True for {@code bt://}, {@code btspp://} and {@code btl2cap://}. */
  public boolean isBluetooth() {
    return scheme == Scheme.BT || scheme == Scheme.BTSPP || scheme == Scheme.BTL2CAP;
  }

  public Scheme scheme() {
    return scheme;
  }

  /** The host as written, without IPv6 brackets. */
  public String host() {
    return host;
  }

  /**
   * The port, or the scheme's default (80 for ws, 443 for wss); 0 means "any" when listening. For
   * Bluetooth: the RFCOMM channel or L2CAP PSM, 0 when found through SDP.
   */
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
