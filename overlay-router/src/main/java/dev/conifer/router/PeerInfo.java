package dev.conifer.router;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.wire.PublicKey;
import java.util.Objects;

/**
 * Metadata of a peering, fixed at attach time.
 *
 * @param uri may be "" for inbound links
 * @param zone as PROTOCOL.md §10.2: "" for inbound TCP, "static" for outbound static peers,
 *     "websocket" for inbound WebSocket
 */
public record PeerInfo(PublicKey publicKey, PeerType type, String zone, String uri) {
  public PeerInfo {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(uri, "uri");
  }
}
