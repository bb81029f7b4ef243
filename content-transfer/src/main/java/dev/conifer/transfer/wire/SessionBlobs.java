package dev.conifer.transfer.wire;

import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.BlobFetcher;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The thin adapter between {@code conifer-blobs/1} and sessions: serves a {@link BlobsServer} on
 * the ALPN, and dials holders for a {@link BlobFetcher}. One session stream per request stream.
 */
public final class SessionBlobs implements BlobConnector {
  private final Sessions sessions;
  private final Duration dialTimeout;

  public SessionBlobs(Sessions sessions, Duration dialTimeout) {
    this.sessions = sessions;
    this.dialTimeout = dialTimeout;
  }

  /** Accepts {@code conifer-blobs/1} streams and serves them from {@code server}. */
  public static void listen(Sessions sessions, BlobsServer server) {
    sessions.listen(BlobsCodec.ALPN, stream -> serve(server, stream));
  }

  private static void serve(BlobsServer server, SessionStream stream) throws IOException {
    try (stream) {
      server.serve(stream.remoteKey(), stream.inputStream(), stream.outputStream());
      stream.outputStream().close();
    }
  }

  @Override
  public BlobsClient connect(PublicKey holder) throws IOException {
    try {
      SessionStream s =
          sessions.dial(holder, BlobsCodec.ALPN).get(dialTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new BlobsClient(s.inputStream(), s.outputStream(), s);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new BlobsException(BlobsError.IO, "cannot reach " + holder.toHex() + ": " + c, c);
    } catch (TimeoutException e) {
      throw new BlobsException(BlobsError.IO, "dial " + holder.toHex() + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobsException(BlobsError.IO, "interrupted dialling " + holder.toHex(), e);
    }
  }
}
