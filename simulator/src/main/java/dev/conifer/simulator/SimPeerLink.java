package dev.conifer.simulator;

import dev.conifer.router.spi.Link;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One end of a simulated connection, as the router at that end sees it: the in-memory {@link Link}
 * its {@code RouterCore} writes frames into. A frame it writes travels to the other end after the
 * link's latency (see {@link SimNetwork}); a close from the router is a hang-up the other end
 * learns of. Always writable: the simulator models latency and loss, not bandwidth.
 */
final class SimPeerLink implements Link {
  private final SimNetwork network;
  final SimLink link;

  /** True for the end at {@code link.a}: its frames go to b. */
  final boolean atA;

  /** The connection this end belongs to; frames of an older one are never delivered. */
  final int epoch;

  int port = SimNode.NO_PORT;
  long generation;

  /** Set once either side has closed this end; its router has no peering for it any more. */
  boolean closed;

  private byte[] claimed;

  SimPeerLink(SimNetwork network, SimLink link, boolean atA, int epoch) {
    this.network = network;
    this.link = link;
    this.atA = atA;
    this.epoch = epoch;
  }

  SimNode node() {
    return atA ? link.a : link.b;
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  /** The router's forwarding path writes each frame straight into an array of its own size. */
  @Override
  public ByteBuffer claim(int length) {
    claimed = new byte[length];
    return ByteBuffer.wrap(claimed);
  }

  @Override
  public void commit(int length) {
    byte[] frame = claimed.length == length ? claimed : Arrays.copyOf(claimed, length);
    claimed = null;
    network.transmit(this, frame);
  }

  /** Not used while {@link #claim} always offers room; kept for the contract. */
  @Override
  public void write(ByteBuffer buffer) {
    byte[] frame = new byte[buffer.remaining()];
    buffer.get(frame);
    network.transmit(this, frame);
  }

  @Override
  public void flush() {
    // Frames leave as they are written; the arrival event is the flush.
  }

  @Override
  public void close(String reason) {
    network.closedByRouter(this, reason);
  }
}
