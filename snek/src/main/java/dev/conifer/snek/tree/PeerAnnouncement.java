package dev.conifer.snek.tree;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;

/**
 * The last announcement stored for one peering (PROTOCOL.md §5.3), with when it arrived and its
 * node-global arrival order, which breaks ties deterministically. {@code root} equals the
 * announcement's root; a node stores one shared instance for peers that agree on it, so that
 * comparing roots across thousands of peers is mostly an identity check.
 */
public record PeerAnnouncement(
    SwitchAnnouncement announcement,
    long receiveTimeNs,
    long receiveOrder,
    Coordinates senderCoordinates,
    Root root) {

  public PeerAnnouncement {
    if (root != announcement.root() && !root.equals(announcement.root())) {
      throw new IllegalArgumentException("root " + root + " is not the announcement's");
    }
  }

  public static PeerAnnouncement of(SwitchAnnouncement a, long receiveTimeNs, long receiveOrder) {
    return new PeerAnnouncement(a, receiveTimeNs, receiveOrder, a.senderCoordinates(), a.root());
  }

  /** The same, sharing {@code root}, which must equal the announcement's root. */
  public static PeerAnnouncement of(
      SwitchAnnouncement a, long receiveTimeNs, long receiveOrder, Root root) {
    return new PeerAnnouncement(a, receiveTimeNs, receiveOrder, a.senderCoordinates(), root);
  }

  public boolean contains(PublicKey key) {
    return announcement.contains(key);
  }
}
