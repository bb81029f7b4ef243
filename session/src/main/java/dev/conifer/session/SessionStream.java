package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One bidirectional QUIC stream to a remote key, usable as blocking streams or as a Netty channel
 * (use one style per stream: the blocking adapter consumes the channel's reads).
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

  /** Closes both directions. Idempotent. */
  @Override
  void close();
}
