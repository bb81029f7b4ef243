package dev.conifer.snek.route;

import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SwitchAnnouncement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which started ports' announcements name each key, ordered by key, and which ports lead to each
 * peer key. Kept up to date as announcements are stored and ports stop, so SNEK lookups need not
 * walk every peer's path (§8.1 steps a–c and e).
 */
public final class AncestorIndex {
  private final TreeMap<PublicKey, PortSet> ancestors = new TreeMap<>();
  private final Map<PublicKey, PortSet> peers = new HashMap<>();

  /**
   * {@code port} (whose peer is {@code peerKey}) now holds {@code next} instead of {@code
   * previous}.
   */
  public void replace(
      int port, PublicKey peerKey, PeerAnnouncement previous, PeerAnnouncement next) {
    if (previous != null) {
      remove(port, peerKey, previous);
    }
    if (next != null) {
      for (SwitchAnnouncement.Entry e : next.announcement().entries()) {
        ancestors.computeIfAbsent(e.key(), k -> new PortSet()).add(port);
      }
      peers.computeIfAbsent(peerKey, k -> new PortSet()).add(port);
    }
  }

  private void remove(int port, PublicKey peerKey, PeerAnnouncement previous) {
    for (SwitchAnnouncement.Entry e : previous.announcement().entries()) {
      PortSet set = ancestors.get(e.key());
      if (set != null) {
        set.remove(port);
        if (set.isEmpty()) {
          ancestors.remove(e.key());
        }
      }
    }
    PortSet set = peers.get(peerKey);
    if (set != null) {
      set.remove(port);
      if (set.isEmpty()) {
        peers.remove(peerKey);
      }
    }
  }

  public void clear() {
    ancestors.clear();
    peers.clear();
  }

  /** Ports whose announcement names {@code key}, or null. */
  PortSet portsNaming(PublicKey key) {
    return ancestors.get(key);
  }

  /** The smallest named key strictly above {@code key}, or null. */
  PublicKey keyAbove(PublicKey key) {
    return ancestors.higherKey(key);
  }

  /** Ports (with an announcement) whose peer has {@code key}, or null. */
  PortSet portsTo(PublicKey key) {
    return peers.get(key);
  }
}
