package dev.conifer.node.cli;

import dev.conifer.node.HostPort;
import dev.conifer.snek.wire.PublicKey;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The stable stdout lines a node prints as it starts, for scripts and tests to parse. Logs go to
 * stderr, so stdout carries only these lines.
 *
 * <pre>
 * public-key 8a88e3dd…6f5c
 * listening tcp://127.0.0.1:40513
 * listening ws://127.0.0.1:40514/
 * admin http://127.0.0.1:9797
 * </pre>
 *
 * <p>On a platform for which the build ships no native QUIC library, a node also prints {@code
 * sessions-off REASON}: it routes, but sessions, blobs and sync are off.
 */
public final class NodeOutput {
  public static final String PUBLIC_KEY = "public-key ";
  public static final String LISTENING = "listening ";
  public static final String ADMIN = "admin ";
  public static final String SESSIONS_OFF = "sessions-off ";

  private NodeOutput() {}

  public static String publicKeyLine(PublicKey key) {
    return PUBLIC_KEY + key.toHex();
  }

  /** {@code scheme://host:port} plus the WebSocket path, if any. */
  public static URI boundUri(String scheme, InetSocketAddress bound, String path) {
    return URI.create(scheme + "://" + HostPort.format(bound) + (path == null ? "" : path));
  }

  public static String listeningLine(URI bound) {
    return LISTENING + bound;
  }

  public static String adminLine(InetSocketAddress bound) {
    return ADMIN + "http://" + HostPort.format(bound);
  }

  /** {@code doorway http://HOST:PORT}: where browsers reach the web doorway. */
  public static String doorwayLine(InetSocketAddress bound) {
    return "doorway http://" + HostPort.format(bound);
  }

  public static String sessionsOffLine(String reason) {
    return SESSIONS_OFF + reason;
  }
}
