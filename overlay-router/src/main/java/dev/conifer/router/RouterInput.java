package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Every way into a router, typed: a peering attached, a frame read, a link writable again or gone,
 * and traffic to originate. {@link RouterCore} implements it for calls on the router's own thread
 * (with the time as an argument, so a simulator or a test drives it in virtual time); {@link
 * RingInput} implements it for every other thread by publishing to the ring, and the driver calls
 * the core with its own time when it drains the event, so the ring ignores {@code nowNs}. A router
 * hosted on the links' event loop takes calls on that thread straight to the core ({@link
 * HostedRouterLoop}), others to the ring.
 *
 * <p>Every event of a peering carries the peering's {@code port} and {@code generation}: after the
 * peering is gone and its port reused, events from the old one are ignored (counted as {@code
 * peer_gone}). Buffers are borrowed for the call. A false return means the event was refused (a
 * full ring, or for {@link #send} a payload that was not queued) and has been counted.
 */
public interface RouterInput {
  /**
   * The time to pass when the caller does not keep the router's clock (a transport, an API caller):
   * the driver uses its own.
   */
  long NOW = Long.MIN_VALUE;

  /** A transport attached {@code link} on {@code port} (already taken from the allocator). */
  boolean attach(long nowNs, int port, long generation, PeerInfo info, Link link);

  /** One whole frame from the peer on {@code port}, from position to limit. */
  boolean frame(long nowNs, int port, long generation, ByteBuffer frame);

  /** The link on {@code port} can take writes again. */
  boolean writable(long nowNs, int port, long generation);

  /** The link on {@code port} is gone (EOF, error, or after {@code Link.close}). */
  boolean closed(long nowNs, int port, long generation, String reason);

  /** Originates traffic to {@code destination}; the payload is position to limit. */
  boolean send(long nowNs, PublicKey destination, ByteBuffer payload);
}
