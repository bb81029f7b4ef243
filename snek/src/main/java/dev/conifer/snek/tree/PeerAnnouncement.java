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
    Root root,
    long rootKeyWord0) {

  public PeerAnnouncement {
    if (root != announcement.root() && !root.equals(announcement.root())) {
      throw new IllegalArgumentException("root " + root + " is not the announcement's");
    }
    if (rootKeyWord0 != root.key().word0()) {
      throw new IllegalArgumentException("rootKeyWord0 is not the root key's first word");
    }
  }

  public static PeerAnnouncement of(SwitchAnnouncement a, long receiveTimeNs, long receiveOrder) {
    return of(a, receiveTimeNs, receiveOrder, a.root());
  }

  /** The same, sharing {@code root}, which must equal the announcement's root. */
  public static PeerAnnouncement of(
      SwitchAnnouncement a, long receiveTimeNs, long receiveOrder, Root root) {
    return new PeerAnnouncement(
        a, receiveTimeNs, receiveOrder, a.senderCoordinates(), root, root.key().word0());
  }

  /**
   * True if this announcement's root is {@code other}: mostly by identity (the shared instance),
   * and a different root is told by the key's first word, kept here, without loading its key: at a
   * hub, routing compares the roots of thousands of peers.
   */
  public boolean hasRoot(Root other) {
    return root == other || (rootKeyWord0 == other.key().word0() && root.equals(other));
  }

  public boolean contains(PublicKey key) {
    return announcement.contains(key);
  }
}
