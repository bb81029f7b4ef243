package dev.conifer.snek.route;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/**
 * A routing state in plain arrays, for next-hop tests that build states by hand: ports
 * 1..portLimit, a parent (or none: then this node is a root with sequence 1), and each port's peer.
 */
abstract class ArrayRoutingView implements RoutingView {
  PublicKey self;
  int portLimit;
  PublicKey[] peerKeys;
  PeerType[] peerTypes;
  PeerAnnouncement[] announcements;
  boolean[] started;
  int parent = Hop.NONE;

  /** Sets this node's key and makes room for {@code portLimit} ports. */
  void allocate(PublicKey self, int portLimit) {
    this.self = self;
    this.portLimit = portLimit;
    peerKeys = new PublicKey[portLimit + 1];
    peerTypes = new PeerType[portLimit + 1];
    announcements = new PeerAnnouncement[portLimit + 1];
    started = new boolean[portLimit + 1];
  }

  /** A signer that only names a key: next-hop choice never checks signatures. */
  record NamedKey(PublicKey publicKey) implements Signer {
    @Override
    public byte[] sign(byte[] message, int offset, int length) {
      return new byte[SIGNATURE_LENGTH];
    }
  }

  @Override
  public PublicKey selfKey() {
    return self;
  }

  @Override
  public Coordinates selfCoordinates() {
    return parent == Hop.NONE
        ? Coordinates.ROOT
        : announcements[parent].announcement().receiverCoordinates();
  }

  @Override
  public Root root() {
    return parent == Hop.NONE ? new Root(self, 1) : announcements[parent].root();
  }

  @Override
  public int parentPort() {
    return parent;
  }

  @Override
  public int portLimit() {
    return portLimit;
  }

  @Override
  public boolean isStarted(int port) {
    return port >= 1 && port <= portLimit && started[port];
  }

  @Override
  public PublicKey peerKey(int port) {
    return peerKeys[port];
  }

  @Override
  public PeerType peerType(int port) {
    return peerTypes[port];
  }

  @Override
  public PeerAnnouncement announcement(int port) {
    return port >= 1 && port <= portLimit ? announcements[port] : null;
  }
}
