package dev.conifer.node;

import dev.conifer.router.PeerInfo;
import dev.conifer.router.RouterListener;
import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The router's current direct peers (for the blob doorway's holder list) and a relay of peer up and
 * down events to the sync agent. A key peered on two ports counts until its last port goes down.
 */
final class PeerTracker implements RouterListener {
  private final Map<PublicKey, Integer> ports = new LinkedHashMap<>();
  private volatile Consumer<PublicKey> onUp = key -> {};
  private volatile Consumer<PublicKey> onDown = key -> {};

  void relayTo(Consumer<PublicKey> up, Consumer<PublicKey> down) {
    onUp = up;
    onDown = down;
  }

  /** Snapshot, oldest peering first. */
  synchronized List<PublicKey> peers() {
    return new ArrayList<>(ports.keySet());
  }

  @Override
  public void onPeerUp(int port, PeerInfo info) {
    boolean first;
    synchronized (this) {
      first = ports.merge(info.publicKey(), 1, Integer::sum) == 1;
    }
    if (first) {
      onUp.accept(info.publicKey());
    }
  }

  @Override
  public void onPeerDown(int port, PeerInfo info, String reason) {
    boolean last;
    synchronized (this) {
      Integer left = ports.computeIfPresent(info.publicKey(), (k, n) -> n == 1 ? null : n - 1);
      last = left == null;
    }
    if (last) {
      onDown.accept(info.publicKey());
    }
  }
}
