package dev.conifer.transport.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends a link whose channel stays unwritable past the limit: a peer that stops reading would
 * otherwise hold its buffers forever (and WebSocket pongs are queued whatever the router does).
 * Event loop only.
 */
final class WriteStallWatchdog extends ChannelInboundHandlerAdapter {
  private final long timeoutNs;
  private final Consumer<String> close;
  private ScheduledFuture<?> timer;

  WriteStallWatchdog(long timeoutNs, Consumer<String> close) {
    this.timeoutNs = timeoutNs;
    this.close = close;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      cancel();
    } else if (timer == null) {
      timer = ctx.executor().schedule(() -> onStalled(ctx), timeoutNs, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void onStalled(ChannelHandlerContext ctx) {
    timer = null;
    if (!ctx.channel().isWritable()) {
      close.accept(
          "write stalled for "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNs)
              + " ms: peer is not reading");
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }
}
