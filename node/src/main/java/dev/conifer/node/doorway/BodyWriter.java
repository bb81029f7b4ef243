package dev.conifer.node.doorway;

import dev.conifer.transfer.fetch.BlobStreamer;
import dev.conifer.transfer.fetch.FetchCancel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/**
 * Writes a streamed response from a worker thread: each piece is flushed at once (a verified group
 * reaches the browser without waiting for the next), and while the connection's outbound buffer is
 * over its high-water mark the worker waits, so a slow browser slows the holder reads instead of
 * filling memory. A failed write cancels the fetch.
 */
final class BodyWriter implements BlobStreamer.ByteSink {
  private final ChannelHandlerContext ctx;
  private final FetchCancel cancel;
  private final DoorwayMeters meters;

  BodyWriter(ChannelHandlerContext ctx, FetchCancel cancel, DoorwayMeters meters) {
    this.ctx = ctx;
    this.cancel = cancel;
    this.meters = meters;
  }

  void head(HttpResponse head) throws IOException {
    paced(ctx.writeAndFlush(head));
  }

  void raw(byte[] bytes) throws IOException {
    accept(bytes, 0, bytes.length);
  }

  @Override
  public void accept(byte[] data, int offset, int length) throws IOException {
    if (!ctx.channel().isActive()) {
      cancel.cancel();
      throw new IOException("the client went away");
    }
    paced(ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(data, offset, length))));
    meters.bytesSent.increment(length);
  }

  /** Ends the response; returns whether the connection may carry another request. */
  boolean end(boolean keepAlive) throws IOException {
    ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    last.awaitUninterruptibly();
    if (!last.isSuccess()) {
      cancel.cancel();
      throw new IOException("the client went away", last.cause());
    }
    return keepAlive;
  }

  private void paced(ChannelFuture written) throws IOException {
    if (!ctx.channel().isWritable()) {
      written.awaitUninterruptibly(); // the write timeout bounds this wait
    }
    if (written.isDone() && !written.isSuccess()) {
      cancel.cancel();
      throw new IOException("the client went away", written.cause());
    }
  }
}
