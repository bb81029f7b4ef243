package dev.conifer.transport.multicast;

import java.util.Objects;

/**
 * LAN discovery settings; {@link #defaults} follows Go Pinecone (PROTOCOL.md §11).
 *
 * @param interfaces which interfaces to use ({@link InterfaceFilter})
 * @param udpPort beacon port, 60606
 * @param beaconIntervalNs 2 s
 * @param scanIntervalNs interface rescan, 10 s
 * @param retryBaseNs a failed dial to one target waits this long, doubling per failure
 * @param retryMaxNs cap on that wait
 * @param pendingDialCountMax dials in flight at once
 */
public record MulticastConfig(
    InterfaceFilter interfaces,
    int udpPort,
    long beaconIntervalNs,
    long scanIntervalNs,
    long retryBaseNs,
    long retryMaxNs,
    int pendingDialCountMax) {
  private static final long SECOND_NS = 1_000_000_000L;

  public MulticastConfig {
    Objects.requireNonNull(interfaces, "interfaces");
    if (udpPort < 1 || udpPort > 0xFFFF) {
      throw new IllegalArgumentException("udpPort out of range: " + udpPort);
    }
    if (beaconIntervalNs <= 0 || scanIntervalNs <= 0 || pendingDialCountMax <= 0) {
      throw new IllegalArgumentException("multicast intervals and limits must be positive");
    }
    if (retryBaseNs <= 0 || retryMaxNs < retryBaseNs) {
      throw new IllegalArgumentException("need 0 < retryBaseNs <= retryMaxNs");
    }
  }

  /** Go's values on the interfaces {@code filter} allows ("" = all qualifying interfaces). */
  public static MulticastConfig defaults(String filter) {
    return new MulticastConfig(
        new InterfaceFilter(filter),
        Beacon.UDP_PORT,
        2 * SECOND_NS,
        10 * SECOND_NS,
        5 * SECOND_NS,
        60 * SECOND_NS,
        16);
  }
}
