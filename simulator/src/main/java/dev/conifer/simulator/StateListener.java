package dev.conifer.simulator;

import dev.conifer.router.PeerInfo;
import dev.conifer.router.RouterListener;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** A node's routing state changes reach the convergence monitor; wakeup broadcasts do not. */
final class StateListener implements RouterListener {
  private final SimNode node;
  private final NetworkObserver observer;
  private final SimNetwork network;

  StateListener(SimNode node, NetworkObserver observer, SimNetwork network) {
    this.node = node;
    this.observer = observer;
    this.network = network;
  }

  @Override
  public void onPeerUp(int port, PeerInfo info) {
    observer.onStateChange(node);
  }

  @Override
  public void onPeerDown(int port, PeerInfo info, String reason) {
    observer.onStateChange(node);
  }

  @Override
  public void onRootChanged(Root root) {
    observer.onStateChange(node);
  }

  @Override
  public void onParentChanged(int port) {
    observer.onStateChange(node);
  }

  @Override
  public void onCoordinatesChanged(Coordinates coordinates) {
    observer.onStateChange(node);
  }

  @Override
  public void onDescendingChanged(PublicKey key) {
    observer.onStateChange(node);
  }

  /** The router counts and survives its own bugs; a simulation run must fail on them instead. */
  @Override
  public void onInternalError(Throwable error) {
    network.routerBug(node, error);
  }
}
