package dev.conifer.router;

import dev.conifer.snek.SnekConfig;
import java.util.Objects;

/**
 * Tunables of one router. Immutable, validated at construction; {@link #defaults()} follows Go
 * Pinecone's timing (PROTOCOL.md §10.3–§10.4) with bounded queues where Go has none.
 *
 * @param snek the SNEK core's configuration (its {@code portCountMax} bounds the port numbers)
 * @param ringSize slots of the inbound Disruptor ring; a power of two
 * @param ringDrainCountMax ring events handled per router cycle before timers and writes run
 * @param peerQueueFramesMax traffic frames queued per peer (all flows together)
 * @param peerQueueBytesMax traffic bytes queued per peer
 * @param protocolQueueFramesMax protocol frames queued per peer (Go: unbounded)
 * @param protocolQueueBytesMax protocol bytes queued per peer
 * @param flowQueueCount hashed traffic sub-queues per peer (Go: 254)
 * @param flowQueueCountBluetooth hashed traffic sub-queues per Bluetooth peer (Go: 16)
 * @param flowQueueFramesMax frames per traffic sub-queue before head drops (Go: 16)
 * @param keepaliveIntervalNs send a keepalive after this long without writing to a peer (3 s)
 * @param readTimeoutNs close a peer that sent no frame for this long (5 s)
 */
public record RouterConfig(
    SnekConfig snek,
    int ringSize,
    int ringDrainCountMax,
    int peerQueueFramesMax,
    long peerQueueBytesMax,
    int protocolQueueFramesMax,
    long protocolQueueBytesMax,
    int flowQueueCount,
    int flowQueueCountBluetooth,
    int flowQueueFramesMax,
    long keepaliveIntervalNs,
    long readTimeoutNs) {

  public static final long SECOND_NS = 1_000_000_000L;

  public RouterConfig {
    Objects.requireNonNull(snek, "snek");
    if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
      throw new IllegalArgumentException("ringSize must be a power of two >= 2: " + ringSize);
    }
    requirePositive("ringDrainCountMax", ringDrainCountMax);
    requirePositive("peerQueueFramesMax", peerQueueFramesMax);
    requirePositive("peerQueueBytesMax", peerQueueBytesMax);
    requirePositive("protocolQueueFramesMax", protocolQueueFramesMax);
    requirePositive("protocolQueueBytesMax", protocolQueueBytesMax);
    requirePositive("flowQueueCount", flowQueueCount);
    requirePositive("flowQueueCountBluetooth", flowQueueCountBluetooth);
    requirePositive("flowQueueFramesMax", flowQueueFramesMax);
    requirePositive("keepaliveIntervalNs", keepaliveIntervalNs);
    requirePositive("readTimeoutNs", readTimeoutNs);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  public static RouterConfig defaults() {
    return new RouterConfig(
        SnekConfig.defaults(),
        4096,
        1024,
        1024,
        4L << 20,
        1024,
        1L << 20,
        254,
        16,
        16,
        3 * SECOND_NS,
        5 * SECOND_NS);
  }

  public RouterConfig withSnek(SnekConfig value) {
    return new RouterConfig(
        value,
        ringSize,
        ringDrainCountMax,
        peerQueueFramesMax,
        peerQueueBytesMax,
        protocolQueueFramesMax,
        protocolQueueBytesMax,
        flowQueueCount,
        flowQueueCountBluetooth,
        flowQueueFramesMax,
        keepaliveIntervalNs,
        readTimeoutNs);
  }

  public RouterConfig withRingSize(int value) {
    return new RouterConfig(
        snek,
        value,
        ringDrainCountMax,
        peerQueueFramesMax,
        peerQueueBytesMax,
        protocolQueueFramesMax,
        protocolQueueBytesMax,
        flowQueueCount,
        flowQueueCountBluetooth,
        flowQueueFramesMax,
        keepaliveIntervalNs,
        readTimeoutNs);
  }

  /** Bounds of each peer's traffic queue, in frames and bytes. */
  public RouterConfig withPeerQueue(int framesMax, long bytesMax) {
    return new RouterConfig(
        snek,
        ringSize,
        ringDrainCountMax,
        framesMax,
        bytesMax,
        protocolQueueFramesMax,
        protocolQueueBytesMax,
        flowQueueCount,
        flowQueueCountBluetooth,
        flowQueueFramesMax,
        keepaliveIntervalNs,
        readTimeoutNs);
  }

  /** Bounds of each peer's protocol queue, in frames and bytes. */
  public RouterConfig withProtocolQueue(int framesMax, long bytesMax) {
    return new RouterConfig(
        snek,
        ringSize,
        ringDrainCountMax,
        peerQueueFramesMax,
        peerQueueBytesMax,
        framesMax,
        bytesMax,
        flowQueueCount,
        flowQueueCountBluetooth,
        flowQueueFramesMax,
        keepaliveIntervalNs,
        readTimeoutNs);
  }

  /** Shape of each peer's fair traffic queue. */
  public RouterConfig withFlowQueues(int count, int countBluetooth, int framesMax) {
    return new RouterConfig(
        snek,
        ringSize,
        ringDrainCountMax,
        peerQueueFramesMax,
        peerQueueBytesMax,
        protocolQueueFramesMax,
        protocolQueueBytesMax,
        count,
        countBluetooth,
        framesMax,
        keepaliveIntervalNs,
        readTimeoutNs);
  }

  /** Keepalive interval and read timeout. */
  public RouterConfig withTimers(long keepaliveNs, long readTimeoutNsValue) {
    return new RouterConfig(
        snek,
        ringSize,
        ringDrainCountMax,
        peerQueueFramesMax,
        peerQueueBytesMax,
        protocolQueueFramesMax,
        protocolQueueBytesMax,
        flowQueueCount,
        flowQueueCountBluetooth,
        flowQueueFramesMax,
        keepaliveNs,
        readTimeoutNsValue);
  }
}
