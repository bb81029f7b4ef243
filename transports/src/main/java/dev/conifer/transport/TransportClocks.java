package dev.conifer.transport;

import dev.conifer.router.spi.NanoClock;
import java.time.Clock;
import java.util.Objects;

/**
 * Time for the transports, passed in by whoever wires them (the node passes the real clocks):
 * transports read no clock of their own (docs/ARCHITECTURE.md, "Enforced rules").
 *
 * @param nano monotonic nanoseconds, for multicast beacons and peer expiry
 * @param wall dates the QUIC peering certificate
 */
public record TransportClocks(NanoClock nano, Clock wall) {
  public TransportClocks {
    Objects.requireNonNull(nano, "nano");
    Objects.requireNonNull(wall, "wall");
  }
}
