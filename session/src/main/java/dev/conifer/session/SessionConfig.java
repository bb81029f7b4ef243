package dev.conifer.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Session settings. Defaults: idle timeout 15 s (as Go Pinecone), QUIC datagrams of at most 1,200
 * bytes (Go-compatible), dial timeout 10 s.
 *
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param dialTimeout how long a dial waits for a handshake before failing with the key named
 * @param maxDatagramSize largest QUIC datagram this node sends (1,200 to 32,768); it also
 *     advertises max(1,452, this) as its {@code max_udp_payload_size}. QUIC caps what a sender uses
 *     at the peer's advertised value, and Go advertises 1,452 (its read buffer), so a larger value
 *     only takes effect between Conifer nodes that both raised it
 * @param maxStreamsPerConnection concurrent bidirectional streams a peer may open per connection
 * @param streamWindow per-stream flow-control window in bytes
 * @param connectionWindow per-connection flow-control window in bytes
 * @param handlerThreads threads running {@link StreamHandler}s (at most this many concurrently)
 * @param inboundQueueMax overlay datagrams queued for the QUIC event loop before drops
 */
public record SessionConfig(
    Duration idleTimeout,
    Duration dialTimeout,
    int maxDatagramSize,
    long maxStreamsPerConnection,
    long streamWindow,
    long connectionWindow,
    int handlerThreads,
    int inboundQueueMax) {
  public static final int GO_DATAGRAM_SIZE = 1200;

  /**
   * Upper bound for {@code maxDatagramSize}: overlay traffic frames carry up to 65,535 bytes
   * including a header of variable length.
   */
  public static final int MAX_DATAGRAM_SIZE_LIMIT = 32_768;

  /** A send size for nodes that mostly talk to Conifer peers (see docs/SESSIONS.md). */
  public static final int LARGE_DATAGRAM_SIZE = 16_000;

  public SessionConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(dialTimeout, "dialTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (dialTimeout.isNegative() || dialTimeout.isZero()) {
      throw new IllegalArgumentException("dialTimeout must be positive: " + dialTimeout);
    }
    if (maxDatagramSize < GO_DATAGRAM_SIZE || maxDatagramSize > MAX_DATAGRAM_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "maxDatagramSize must be in [1200, 32768]: " + maxDatagramSize);
    }
    if (maxStreamsPerConnection < 1 || streamWindow < 1 || connectionWindow < streamWindow) {
      throw new IllegalArgumentException("stream limits must be positive, windows consistent");
    }
    if (handlerThreads < 1 || inboundQueueMax < 1) {
      throw new IllegalArgumentException("handlerThreads and inboundQueueMax must be positive");
    }
  }

  public static SessionConfig defaults() {
    return new SessionConfig(
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        GO_DATAGRAM_SIZE,
        256,
        4L << 20,
        16L << 20,
        64,
        8192);
  }

  public SessionConfig withIdleTimeout(Duration value) {
    return new SessionConfig(
        value,
        dialTimeout,
        maxDatagramSize,
        maxStreamsPerConnection,
        streamWindow,
        connectionWindow,
        handlerThreads,
        inboundQueueMax);
  }

  public SessionConfig withDialTimeout(Duration value) {
    return new SessionConfig(
        idleTimeout,
        value,
        maxDatagramSize,
        maxStreamsPerConnection,
        streamWindow,
        connectionWindow,
        handlerThreads,
        inboundQueueMax);
  }

  public SessionConfig withMaxDatagramSize(int value) {
    return new SessionConfig(
        idleTimeout,
        dialTimeout,
        value,
        maxStreamsPerConnection,
        streamWindow,
        connectionWindow,
        handlerThreads,
        inboundQueueMax);
  }
}
