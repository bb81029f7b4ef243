package dev.conifer.transport.link;

import java.util.Objects;

/**
 * Where a connection came from, for its {@code PeerInfo}: the zone of PROTOCOL.md §10.2 ("" for
 * inbound TCP, "websocket" for inbound WebSocket, "static" for outbound) and a URI for status.
 */
public record PeerOrigin(String zone, String uri) {
  public static final String ZONE_INBOUND_TCP = "";
  public static final String ZONE_INBOUND_WEBSOCKET = "websocket";
  public static final String ZONE_STATIC = "static";

  public PeerOrigin {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(uri, "uri");
  }
}
