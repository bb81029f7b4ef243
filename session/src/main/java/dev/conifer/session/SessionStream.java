package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One bidirectional QUIC stream to a remote key, usable as blocking streams or as a Netty channel
 * (use one style per stream: the blocking adapter consumes the channel's reads).
 *
 * <p>The two directions live apart: finishing ours ({@code outputStream().close()}, a FIN queued
 * behind what was written) leaves the peer's direction open for reading until its FIN, and the peer
 * finishing first leaves ours open for writing. QUIC acknowledges bytes to the peer's stack, not to
 * its application, and the connection dropping discards whatever is not acknowledged yet: a written
 * byte is delivered only when the peer's protocol says so (for example, its FIN after it has read
 * ours). docs/SESSIONS.md "Closing a stream" gives the rules.
 */
public interface SessionStream extends AutoCloseable {
  PublicKey remoteKey();

  String alpn();

  /**
   * Blocking reads; EOF when the peer finishes its side; {@link SessionException} if the stream,
   * peer or connection is gone.
   */
  InputStream inputStream();

  /** Blocking writes with backpressure; {@code close()} finishes our side (FIN). */
  OutputStream outputStream();

  /** The underlying {@code QuicStreamChannel}, for Netty-style users. */
  Channel channel();

  /**
   * For inbound streams: keep the stream open after {@link StreamHandler#onStream} returns (the
   * caller then closes it). Returns this stream.
   */
  SessionStream detach();

  /**
   * Waits until the connection under this stream is closed (by the peer, by us, or by its idle
   * timeout), up to {@code timeout}. Returns whether it closed. A protocol whose last message is
   * ours uses this as the peer's confirmation: the peer closes the connection after reading it.
   */
  boolean awaitConnectionClosed(Duration timeout) throws InterruptedException;

  /**
   * Closes the whole connection under this stream (every stream on it ends; the next dial opens a
   * new one), and waits up to {@code timeout} for the CONNECTION_CLOSE to be sent. A one-shot
   * client uses it to tell the peer it is done (see {@link #awaitConnectionClosed}).
   */
  void closeConnection(Duration timeout) throws InterruptedException;

  /**
   * Finishes our direction (FIN after everything written) and stops reading: unread input is
   * discarded, and the peer's further writes fail with STOP_SENDING. Idempotent.
   */
  @Override
  void close();
}
