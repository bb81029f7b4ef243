package dev.conifer.node;

import dev.conifer.router.DropReason;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.RouterListener;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs state transitions: one line per peer up or down (with the reason), root changes at info, and
 * parent, coordinates and snake changes at debug; a bug inside the router at warn. Never per frame.
 */
final class PeerLogListener implements RouterListener {
  private static final Logger LOG = LoggerFactory.getLogger("conifer.peers");

  @Override
  public void onPeerUp(int port, PeerInfo info) {
    LOG.info(
        "peer up: port {} key {} type {} zone '{}' uri '{}'",
        port,
        info.publicKey().toHex(),
        info.type(),
        info.zone(),
        info.uri());
  }

  @Override
  public void onPeerDown(int port, PeerInfo info, String reason) {
    LOG.info(
        "peer down: port {} key {} uri '{}' reason: {}",
        port,
        info.publicKey().toHex(),
        info.uri(),
        reason);
  }

  @Override
  public void onInputLimited(
      int port, PeerInfo info, DropReason reason, long dropped, long readPauses) {
    LOG.info(
        "peer on port {} key {} floods frames that carry no data: {} dropped ({}), its reads"
            + " paused {} times to slow it (at most one such line per peer per 10 s; all counted in"
            + " conifer.drops and conifer.transport.reads.paused)",
        port,
        info.publicKey().toHex(),
        dropped,
        reason.tag(),
        readPauses);
  }

  @Override
  public void onInternalError(Throwable error) {
    LOG.warn("router internal error (counted in conifer.router.errors), routing goes on", error);
  }

  @Override
  public void onRootChanged(Root root) {
    LOG.info("root changed: {} sequence {}", root.key().toHex(), root.sequence());
  }

  @Override
  public void onParentChanged(int port) {
    LOG.debug("parent changed: port {}", port);
  }

  @Override
  public void onCoordinatesChanged(Coordinates coordinates) {
    LOG.debug("coordinates changed: {}", coordinates);
  }

  @Override
  public void onDescendingChanged(PublicKey key) {
    LOG.debug("snake descending neighbour: {}", key == null ? "none" : key.toHex());
  }
}
