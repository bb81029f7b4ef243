package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound streams: hands each peer-opened stream of a verified connection to the listener for the
 * connection's ALPN, on the handler executor, and refuses (resets) every other one, counted. Shared
 * by every connection's stream pipeline.
 */
@ChannelHandler.Sharable
final class InboundStreams extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(InboundStreams.class);

  private final ConcurrentHashMap<String, StreamHandler> listeners = new ConcurrentHashMap<>();
  private final PeerVerification verification;
  private final ExecutorService executor;
  private final int handlerThreads;
  private final BooleanSupplier closed;
  private final AtomicLong refusedStreams = new AtomicLong();
  private final AtomicLong failedHandlers = new AtomicLong();

  InboundStreams(
      PeerVerification verification,
      ExecutorService executor,
      int handlerThreads,
      BooleanSupplier closed) {
    this.verification = verification;
    this.executor = executor;
    this.handlerThreads = handlerThreads;
    this.closed = closed;
  }

  /**
   * Sets the handler for {@code alpn} (replacing an earlier one); returns every ALPN listened on.
   */
  synchronized List<String> listen(String alpn, StreamHandler handler) {
    listeners.put(alpn, handler);
    return new ArrayList<>(listeners.keySet());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
    QuicChannel quic = ch.parent();
    PublicKey key = verification.verifiedKey(quic);
    String alpn = quic.attr(Sessions.ALPN).get();
    StreamHandler handler = alpn == null ? null : listeners.get(alpn);
    boolean closing = closed.getAsBoolean();
    if (key == null || handler == null || ch.type() != QuicStreamType.BIDIRECTIONAL || closing) {
      refusedStreams.incrementAndGet();
      LOG.info(
          "refused a stream from {} on {}: {}",
          key == null ? quic.remoteSocketAddress() : key,
          alpn,
          key == null
              ? "peer not verified"
              : handler == null
                  ? "nothing listens on this ALPN"
                  : closing ? "sessions closing" : "not bidirectional");
      StreamBridge.reset(ch, StreamBridge.ERROR_STREAM_REFUSED);
      return;
    }
    StreamBridge bridge = new StreamBridge();
    ctx.pipeline().replace(this, "session-stream", bridge);
    QuicSessionStream stream = new QuicSessionStream(ch, bridge, key, alpn);
    try {
      executor.execute(() -> run(handler, stream));
    } catch (RejectedExecutionException e) {
      refusedStreams.incrementAndGet();
      LOG.warn(
          "refused a stream from {} on {}: all {} handler threads busy", key, alpn, handlerThreads);
      StreamBridge.reset(ch, StreamBridge.ERROR_STREAM_REFUSED);
    }
  }

  private void run(StreamHandler handler, QuicSessionStream stream) {
    try {
      handler.onStream(stream);
    } catch (Exception e) {
      // The peer sees the stream reset, never a clean FIN after a partial answer.
      failedHandlers.incrementAndGet();
      LOG.warn(
          "stream handler for {} on {} failed: {}",
          stream.remoteKey(),
          stream.alpn(),
          e.toString());
      stream.abort();
      return;
    }
    if (!stream.detached()) {
      stream.close();
    }
  }

  /** Inbound streams refused: no listener for their ALPN, unverified peer, or handlers busy. */
  long refusedStreams() {
    return refusedStreams.get();
  }

  /** Inbound stream handlers that threw: each is logged at warn and its stream reset. */
  long failedHandlers() {
    return failedHandlers.get();
  }
}
