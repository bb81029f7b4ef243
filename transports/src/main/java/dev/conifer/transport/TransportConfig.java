package dev.conifer.transport;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;

/**
 * Tunables of the transports, immutable and validated. {@link #defaults()} follows Go Pinecone
 * (PROTOCOL.md §3, §11): a 10 s handshake, 5 s dials, redials after min(2^attempts s, 1 h).
 *
 * @param handshakeTimeoutNs the whole handshake exchange (and WebSocket upgrade) must finish within
 *     this
 * @param dialTimeoutNs TCP connect timeout of an outbound dial
 * @param writeStallTimeoutNs close a link that stays unwritable this long (its peer is not reading)
 * @param backoffBaseNs static peer redial delay after a disconnect; doubled per failed attempt
 * @param backoffMaxNs cap on the redial delay
 * @param backoffJitter each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
 * @param jitterSeed seeds the jitter; pass a random value in production, a fixed one in tests
 * @param frameLengthMax largest frame accepted from a peer (at most 65,535)
 * @param webSocketMessageLengthMax largest WebSocket message accepted
 * @param writeBufferLowWaterMark a link becomes writable again below this many queued bytes
 * @param writeBufferHighWaterMark a link stops being writable above this many queued bytes
 * @param pendingHandshakeCountMax connections allowed to be mid-handshake at once (flood guard)
 * @param ioThreadCount event loop threads
 * @param nativeTransport use epoll when the kernel offers it
 */
public record TransportConfig(
    long handshakeTimeoutNs,
    long dialTimeoutNs,
    long writeStallTimeoutNs,
    long backoffBaseNs,
    long backoffMaxNs,
    double backoffJitter,
    long jitterSeed,
    int frameLengthMax,
    int webSocketMessageLengthMax,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark,
    int pendingHandshakeCountMax,
    int ioThreadCount,
    boolean nativeTransport) {

  public static final long SECOND_NS = 1_000_000_000L;

  public TransportConfig {
    requirePositive("handshakeTimeoutNs", handshakeTimeoutNs);
    requirePositive("dialTimeoutNs", dialTimeoutNs);
    requirePositive("writeStallTimeoutNs", writeStallTimeoutNs);
    requirePositive("backoffBaseNs", backoffBaseNs);
    if (backoffMaxNs < backoffBaseNs) {
      throw new IllegalArgumentException(
          "backoffMaxNs " + backoffMaxNs + " is below backoffBaseNs " + backoffBaseNs);
    }
    if (!(backoffJitter >= 0 && backoffJitter < 1)) {
      throw new IllegalArgumentException("backoffJitter must be in [0, 1): " + backoffJitter);
    }
    if (frameLengthMax < FrameHeader.LENGTH || frameLengthMax > FrameHeader.FRAME_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "frameLengthMax must be in [10, 65535]: " + frameLengthMax);
    }
    if (webSocketMessageLengthMax < Handshake.LENGTH) {
      throw new IllegalArgumentException(
          "webSocketMessageLengthMax must be at least 104: " + webSocketMessageLengthMax);
    }
    requirePositive("writeBufferLowWaterMark", writeBufferLowWaterMark);
    if (writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException(
          "writeBufferHighWaterMark "
              + writeBufferHighWaterMark
              + " is below writeBufferLowWaterMark "
              + writeBufferLowWaterMark);
    }
    requirePositive("pendingHandshakeCountMax", pendingHandshakeCountMax);
    requirePositive("ioThreadCount", ioThreadCount);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  public static TransportConfig defaults() {
    return new TransportConfig(
        Handshake.TIMEOUT_NS,
        5 * SECOND_NS,
        30 * SECOND_NS,
        SECOND_NS,
        3600 * SECOND_NS,
        0.25,
        0x5eedL,
        FrameHeader.FRAME_LENGTH_MAX,
        1 << 20,
        256 << 10,
        1 << 20,
        1024,
        1,
        true);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few fields of a valid config; {@link #build()} validates the result. */
  public static final class Builder {
    private long handshakeTimeoutNs;
    private long dialTimeoutNs;
    private long writeStallTimeoutNs;
    private long backoffBaseNs;
    private long backoffMaxNs;
    private double backoffJitter;
    private long jitterSeed;
    private int frameLengthMax;
    private int webSocketMessageLengthMax;
    private int writeBufferLowWaterMark;
    private int writeBufferHighWaterMark;
    private int pendingHandshakeCountMax;
    private int ioThreadCount;
    private boolean nativeTransport;

    private Builder(TransportConfig c) {
      handshakeTimeoutNs = c.handshakeTimeoutNs;
      dialTimeoutNs = c.dialTimeoutNs;
      writeStallTimeoutNs = c.writeStallTimeoutNs;
      backoffBaseNs = c.backoffBaseNs;
      backoffMaxNs = c.backoffMaxNs;
      backoffJitter = c.backoffJitter;
      jitterSeed = c.jitterSeed;
      frameLengthMax = c.frameLengthMax;
      webSocketMessageLengthMax = c.webSocketMessageLengthMax;
      writeBufferLowWaterMark = c.writeBufferLowWaterMark;
      writeBufferHighWaterMark = c.writeBufferHighWaterMark;
      pendingHandshakeCountMax = c.pendingHandshakeCountMax;
      ioThreadCount = c.ioThreadCount;
      nativeTransport = c.nativeTransport;
    }

    public Builder handshakeTimeoutNs(long value) {
      handshakeTimeoutNs = value;
      return this;
    }

    public Builder dialTimeoutNs(long value) {
      dialTimeoutNs = value;
      return this;
    }

    public Builder writeStallTimeoutNs(long value) {
      writeStallTimeoutNs = value;
      return this;
    }

    public Builder backoff(long baseNs, long maxNs, double jitter) {
      backoffBaseNs = baseNs;
      backoffMaxNs = maxNs;
      backoffJitter = jitter;
      return this;
    }

    public Builder jitterSeed(long value) {
      jitterSeed = value;
      return this;
    }

    public Builder frameLengthMax(int value) {
      frameLengthMax = value;
      return this;
    }

    public Builder webSocketMessageLengthMax(int value) {
      webSocketMessageLengthMax = value;
      return this;
    }

    public Builder writeBufferWaterMarks(int low, int high) {
      writeBufferLowWaterMark = low;
      writeBufferHighWaterMark = high;
      return this;
    }

    public Builder pendingHandshakeCountMax(int value) {
      pendingHandshakeCountMax = value;
      return this;
    }

    public Builder ioThreadCount(int value) {
      ioThreadCount = value;
      return this;
    }

    public Builder nativeTransport(boolean value) {
      nativeTransport = value;
      return this;
    }

    public TransportConfig build() {
      return new TransportConfig(
          handshakeTimeoutNs,
          dialTimeoutNs,
          writeStallTimeoutNs,
          backoffBaseNs,
          backoffMaxNs,
          backoffJitter,
          jitterSeed,
          frameLengthMax,
          webSocketMessageLengthMax,
          writeBufferLowWaterMark,
          writeBufferHighWaterMark,
          pendingHandshakeCountMax,
          ioThreadCount,
          nativeTransport);
    }
  }
}
