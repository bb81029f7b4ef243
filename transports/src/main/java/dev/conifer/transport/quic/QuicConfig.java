package dev.conifer.transport.quic;

/**
 * QUIC peering limits.
 *
 * @param idleTimeoutMs QUIC closes a connection that hears nothing this long. Above the router's 5
 *     s read deadline (the router sends a keepalive every 3 s, so a live peering is never idle) and
 *     equal to the 10 s handshake deadline, so QUIC never ends a peering the router still wants.
 * @param connectionWindowLength bytes in flight per connection (QUIC flow control)
 * @param streamWindowLength bytes in flight on the one peering stream
 */
public record QuicConfig(long idleTimeoutMs, long connectionWindowLength, long streamWindowLength) {
  public QuicConfig {
    if (idleTimeoutMs <= 5_000) {
      throw new IllegalArgumentException(
          "idleTimeoutMs must exceed the router's 5 s read deadline: " + idleTimeoutMs);
    }
    if (streamWindowLength <= 0 || connectionWindowLength < streamWindowLength) {
      throw new IllegalArgumentException(
          "need 0 < streamWindowLength <= connectionWindowLength: " + this);
    }
  }

  public static QuicConfig defaults() {
    return new QuicConfig(10_000, 16L << 20, 8L << 20);
  }
}
