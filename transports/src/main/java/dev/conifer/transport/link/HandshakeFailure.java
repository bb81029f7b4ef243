package dev.conifer.transport.link;

import dev.conifer.snek.wire.WireError;

/** Why a peering never came up. Each value has its own counter. */
public enum HandshakeFailure {
  TIMEOUT("no handshake within the deadline"),
  BAD_VERSION("handshake version is not 1"),
  BAD_CAPABILITIES("handshake capabilities are not exactly 0x3B"),
  BAD_SIGNATURE("handshake signature does not verify"),
  SELF_PEERING("peer presented our own public key"),
  KEY_MISMATCH("handshake key differs from the key the link authenticated"),
  CLOSED("connection closed during the handshake"),
  TOO_MANY_PENDING("too many handshakes in progress"),
  NO_FREE_PORT("no free switch ports"),
  ATTACH_FAILED("the router refused the peering"),
  ERROR("connection error during the handshake");

  private final String description;

  HandshakeFailure(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Maps a {@code Handshake.decode} rejection to its failure. */
  public static HandshakeFailure of(WireError error) {
    switch (error) {
      case UNKNOWN_HANDSHAKE_VERSION:
        return BAD_VERSION;
      case CAPABILITIES_MISMATCH:
        return BAD_CAPABILITIES;
      case BAD_SIGNATURE:
        return BAD_SIGNATURE;
      default:
        return ERROR;
    }
  }
}
