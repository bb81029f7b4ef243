package dev.conifer.snek.forward;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFlyweight;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;

/**
 * Where forwarding puts its results: frames for links and payloads for this node. The node's outbox
 * is the only implementation, so calls through it stay monomorphic.
 */
public interface TrafficOut {
  /** Queues a decoded frame (traffic or a bootstrap) for {@code port}. */
  void send(int port, Frame frame);

  /**
   * Queues traffic this node originates, from its parts; the payload (position to limit, left
   * unchanged) is copied.
   */
  void originate(
      int port,
      int hopLimit,
      Coordinates destination,
      Coordinates source,
      PublicKey destinationKey,
      Watermark watermark,
      ByteBuffer payload);

  /** Queues the validated {@code frame}, read from the borrowed {@code source}, rewritten. */
  void forward(
      int port,
      TrafficFlyweight frame,
      ByteBuffer source,
      int hopLimit,
      boolean snek,
      PublicKey watermarkKey,
      long watermarkSeq);

  /** Queues a payload for the application; {@code destination} is the key it was addressed to. */
  void deliver(PublicKey source, PublicKey destination, byte[] payload);

  /**
   * Queues {@code length} bytes at {@code offset} of a borrowed input frame for the application.
   */
  void deliver(PublicKey source, PublicKey destination, ByteBuffer frame, int offset, int length);
}
