package dev.conifer.snek.route;

import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SwitchAnnouncement;
import java.util.HashMap;
import java.util.List;
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
    if (previous != null && next != null) {
      replacePath(port, previous.announcement().entries(), next.announcement().entries());
      return; // the same port, so the same peer key: its entry in peers stays
    }
    if (previous != null) {
      for (SwitchAnnouncement.Entry e : previous.announcement().entries()) {
        removeNaming(e.key(), port);
      }
      PortSet set = peers.get(peerKey);
      if (set != null) {
        set.remove(port);
        if (set.isEmpty()) {
          peers.remove(peerKey);
        }
      }
    }
    if (next != null) {
      for (SwitchAnnouncement.Entry e : next.announcement().entries()) {
        ancestors.computeIfAbsent(e.key(), k -> new PortSet()).add(port);
      }
      peers.computeIfAbsent(peerKey, k -> new PortSet()).add(port);
    }
  }

  /**
   * Touches only the keys after the two paths' common prefix: a new announcement from the same peer
   * usually keeps the path from the root (often all of it, with a new sequence number).
   */
  private void replacePath(
      int port, List<SwitchAnnouncement.Entry> previous, List<SwitchAnnouncement.Entry> next) {
    int common = 0;
    int shorter = Math.min(previous.size(), next.size());
    while (common < shorter && previous.get(common).key().equals(next.get(common).key())) {
      common++;
    }
    for (int i = common; i < previous.size(); i++) {
      PublicKey key = previous.get(i).key();
      if (!namedBefore(next, common, key)) { // a key repeated in the kept prefix stays named
        removeNaming(key, port);
      }
    }
    for (int i = common; i < next.size(); i++) {
      ancestors.computeIfAbsent(next.get(i).key(), k -> new PortSet()).add(port);
    }
  }

  private static boolean namedBefore(List<SwitchAnnouncement.Entry> path, int end, PublicKey key) {
    for (int i = 0; i < end; i++) {
      if (path.get(i).key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private void removeNaming(PublicKey key, int port) {
    PortSet set = ancestors.get(key);
    if (set != null) {
      set.remove(port);
      if (set.isEmpty()) {
        ancestors.remove(key);
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

  /** The smallest named key strictly above {@code key} with the ports naming it, or null. */
  Map.Entry<PublicKey, PortSet> entryAbove(PublicKey key) {
    return ancestors.higherEntry(key);
  }

  /** Ports (with an announcement) whose peer has {@code key}, or null. */
  PortSet portsTo(PublicKey key) {
    return peers.get(key);
  }
}
