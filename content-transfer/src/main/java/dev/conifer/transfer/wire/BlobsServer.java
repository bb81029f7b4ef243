package dev.conifer.transfer.wire;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves {@code conifer-blobs/1} on blocking streams: a thin adapter that reads frames, feeds a
 * {@link BlobsServerConnection} and writes what it polls. Register {@link #serve} as the session
 * stream handler for {@link BlobsCodec#ALPN}.
 */
public final class BlobsServer {
  private final BlobStore store;
  private final BlobsConfig config;
  private final Map<PublicKey, Integer> active = new HashMap<>();
  private final AtomicLong refusedCount = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final BlobCounters counters;

  /** Receives pins announced by a remote key (for a {@link Replicator}). */
  public interface AnnouncementListener {
    void onAnnounce(PublicKey from, java.util.List<Replicator.Announced> pins);
  }

  private volatile AnnouncementListener listener = (from, pins) -> {};
  private volatile PublicationSource publications = PublicationSource.NONE;
  private volatile PublicationSource.Listener lists = PublicationSource.Listener.NONE;

  public BlobsServer(BlobStore store, BlobsConfig config) {
    this(store, config, new BlobCounters());
  }

  /** Also counts refusals by reason and bytes served into {@code counters}. */
  public BlobsServer(BlobStore store, BlobsConfig config, BlobCounters counters) {
    this.store = store;
    this.config = config;
    this.counters = counters;
  }

  public void onAnnounce(AnnouncementListener l) {
    this.listener = l;
  }

  /** Serves LIST requests from {@code source}. */
  public void onList(PublicationSource source) {
    this.publications = source;
  }

  /** Tells {@code listener} who asked for which list, and of the NOTICEs received. */
  public void onListEvents(PublicationSource.Listener listener) {
    this.lists = listener;
  }

  /** Serves one stream until the peer finishes its side or the stream fails. */
  public void serve(PublicKey remote, InputStream in, OutputStream out) throws IOException {
    FrameReader frames = new FrameReader(BlobsCodec.PAYLOAD_LENGTH_MAX);
    byte[] readBuf = new byte[8192];
    ByteBuffer outBuf = ByteBuffer.allocate(4 * BlobsServerConnection.frameLengthMax());
    try (BlobsServerConnection conn =
        new BlobsServerConnection(
            store,
            config,
            admission(remote),
            pins -> listener.onAnnounce(remote, pins),
            publications,
            remote,
            lists)) {
      try {
        while (true) {
          ByteBuffer payload = frames.pollFrame();
          if (payload == null) {
            int n = in.read(readBuf, 0, Math.min(readBuf.length, frames.room()));
            if (n < 0) {
              return;
            }
            frames.handleBytes(readBuf, 0, n);
            continue;
          }
          conn.handleFrame(frames.frameType(), payload);
          while (true) {
            boolean more = conn.pollFrame(outBuf);
            if (!more || outBuf.remaining() < BlobsServerConnection.frameLengthMax()) {
              out.write(outBuf.array(), 0, outBuf.position());
              outBuf.clear();
            }
            if (!more) {
              break;
            }
          }
          out.flush();
        }
      } catch (BlobsException e) {
        // Broken framing from the requester: tell it why, then end the stream.
        counters.refused(e.error()).incrementAndGet();
        ByteBuffer err = BlobsCodec.encodeError(e.error(), e.getMessage());
        out.write(err.array(), 0, err.limit());
        out.flush();
      } finally {
        refusedCount.addAndGet(conn.refusedCount());
        bytesSent.addAndGet(conn.bytesSent());
        counters.bytesServed.addAndGet(conn.bytesSent());
        for (BlobsError error : BlobsError.values()) {
          counters.refused(error).addAndGet(conn.refusedCount(error));
        }
      }
    }
  }

  private BlobsServerConnection.Admission admission(PublicKey remote) {
    return new BlobsServerConnection.Admission() {
      @Override
      public boolean tryAcquire() {
        synchronized (active) {
          int n = active.getOrDefault(remote, 0);
          if (n >= config.requestsPerPeerMax()) {
            return false;
          }
          active.put(remote, n + 1);
          return true;
        }
      }

      @Override
      public void release() {
        synchronized (active) {
          int n = active.getOrDefault(remote, 1) - 1;
          if (n <= 0) {
            active.remove(remote);
          } else {
            active.put(remote, n);
          }
        }
      }
    };
  }

  public long refusedCount() {
    return refusedCount.get();
  }

  public long bytesSent() {
    return bytesSent.get();
  }
}
