package dev.conifer.node;

import dev.conifer.transfer.BlobDoorway;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET|HEAD /blobs/HASH} through a {@link BlobDoorway} on a worker thread: a miss may
 * fetch from the overlay and the body is read from disk, neither of which may block the admin event
 * loop. The body streams in chunks, each written before the next is read (backpressure).
 */
final class BlobHttpResponder {
  private static final Logger LOG = LoggerFactory.getLogger(BlobHttpResponder.class);

  private final BlobDoorway doorway;
  private final ExecutorService workers;

  BlobHttpResponder(BlobDoorway doorway, ExecutorService workers) {
    this.doorway = doorway;
    this.workers = workers;
  }

  void respond(
      ChannelHandlerContext ctx, String method, String path, String range, boolean keepAlive) {
    try {
      workers.execute(() -> serve(ctx, method, path, range, keepAlive));
    } catch (RejectedExecutionException closing) {
      ctx.close();
    }
  }

  private void serve(
      ChannelHandlerContext ctx, String method, String path, String range, boolean keepAlive) {
    try {
      BlobDoorway.Response r = doorway.handle(method, path, range);
      HttpResponse head =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        head.headers().set(h.getKey(), h.getValue());
      }
      head.headers()
          .set(
              HttpHeaderNames.CONNECTION,
              keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(head).sync();
      r.body().writeTo(new ChunkOutput(ctx));
      var last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      if (!keepAlive) {
        last.addListener(ChannelFutureListener.CLOSE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ctx.close();
    } catch (IOException | RuntimeException e) {
      // Headers may be out already: the only honest signal left is closing the connection.
      LOG.warn("blob response for {} failed: {}", path, e.toString());
      ctx.close();
    }
  }

  /** Each write becomes one HTTP chunk, waited for so a slow client slows the disk reads. */
  private static final class ChunkOutput extends OutputStream {
    private final ChannelHandlerContext ctx;

    ChunkOutput(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      var written = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(b, off, len)));
      written.awaitUninterruptibly();
      if (!written.isSuccess()) {
        throw new IOException("client went away", written.cause());
      }
    }
  }
}
