package dev.conifer.transport.link;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.wire.PublicKey;
import java.util.Objects;

/**
 * Where a connection came from, for its {@code PeerInfo}: the zone of PROTOCOL.md §10.2 ("" for
 * inbound TCP, "websocket" for inbound WebSocket, "static" for outbound, the interface name for
 * multicast), a URI for status, the peer type, and an extra check of the handshake key (QUIC
 * compares it with the TLS certificate's key).
 */
public record PeerOrigin(String zone, String uri, PeerType type, KeyCheck keyCheck) {
  public static final String ZONE_INBOUND_TCP = "";
  public static final String ZONE_INBOUND_WEBSOCKET = "websocket";
  public static final String ZONE_STATIC = "static";

  /** Runs on the event loop once the peer's handshake verified; null means "accept". */
  @FunctionalInterface
  public interface KeyCheck {
    KeyCheck NONE = key -> null;

    /** Returns null to accept {@code handshakeKey}, else why it is refused. */
    String refusal(PublicKey handshakeKey);
  }

  public PeerOrigin {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keyCheck, "keyCheck");
  }

  /** A {@code PeerType.REMOTE} origin without an extra key check (TCP and WebSocket). */
  public PeerOrigin(String zone, String uri) {
    this(zone, uri, PeerType.REMOTE, KeyCheck.NONE);
  }
}
