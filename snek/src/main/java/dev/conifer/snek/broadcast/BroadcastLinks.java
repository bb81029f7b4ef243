package dev.conifer.snek.broadcast;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** What wakeup broadcasts need from the rest of the node: the tree's position and a way out. */
public interface BroadcastLinks {
  /** The root this node follows now (§5.3). */
  Root root();

  /** This node's tree coordinates, for the tree flood. */
  Coordinates coordinates();

  /** The next broadcast sequence: strictly increasing milliseconds (§9). */
  long nextSequence(long nowNs);

  /** A seeded random delay in [0, timerJitterNs), to spread the periodic broadcast. */
  long jitterNs();

  /** Queues an encoded wakeup broadcast frame for the peer on {@code port}. */
  void send(int port, byte[] encodedFrame);

  /** A valid broadcast from {@code source} arrived: tell the application. */
  void received(PublicKey source);
}
