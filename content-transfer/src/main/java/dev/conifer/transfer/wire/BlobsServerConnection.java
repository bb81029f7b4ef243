package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.BlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Holder side of one {@code conifer-blobs/1} stream (sans-I/O): requests are handled one at a time;
 * {@link #handleFrame} starts a response and {@link #pollFrame} drains it. Every refusal is a typed
 * ERROR frame and a counter, never an exception to the caller.
 */
public final class BlobsServerConnection implements AutoCloseable {
  /** Admission of one more concurrent GET for the remote key. */
  public interface Admission {
    boolean tryAcquire();

    void release();
  }

  private final BlobStore store;
  private final BlobsConfig config;
  private final Admission admission;
  private final java.util.function.Consumer<java.util.List<Replicator.Announced>> announcements;
  private final PublicationSource publications;
  private final PublicationSource.Listener lists;
  private final dev.conifer.snek.wire.PublicKey remote;
  private ByteBuffer single;
  private GetResponder responder;
  private BlobReader reader;
  private long requestCount;
  private long refusedCount;
  private final long[] refusedByError = new long[BlobsError.values().length];
  private long groupBytesSent;

  /**
   * @param announcements receives pins the remote announces (already bound to its key)
   */
  public BlobsServerConnection(
      BlobStore store,
      BlobsConfig config,
      Admission admission,
      java.util.function.Consumer<java.util.List<Replicator.Announced>> announcements) {
    this(store, config, admission, announcements, PublicationSource.NONE);
  }

  /**
   * @param publications the publication pages this node serves (its own and those it keeps)
   */
  public BlobsServerConnection(
      BlobStore store,
      BlobsConfig config,
      Admission admission,
      java.util.function.Consumer<java.util.List<Replicator.Announced>> announcements,
      PublicationSource publications) {
    this(
        store,
        config,
        admission,
        announcements,
        publications,
        null,
        PublicationSource.Listener.NONE);
  }

  /**
   * @param remote the requester's key, passed to {@code lists}
   * @param lists told of LIST pages served to {@code remote} and of its NOTICEs
   */
  public BlobsServerConnection(
      BlobStore store,
      BlobsConfig config,
      Admission admission,
      java.util.function.Consumer<java.util.List<Replicator.Announced>> announcements,
      PublicationSource publications,
      dev.conifer.snek.wire.PublicKey remote,
      PublicationSource.Listener lists) {
    this.remote = remote;
    this.lists = lists;
    this.store = store;
    this.config = config;
    this.admission = admission;
    this.announcements = announcements;
    this.publications = publications;
  }

  /** Whether the previous response is fully drained, so the next request may be handled. */
  public boolean idle() {
    return single == null && responder == null;
  }

  public void handleFrame(byte type, ByteBuffer payload) throws IOException {
    if (!idle()) {
      throw new IllegalStateException("handleFrame before the previous response was drained");
    }
    requestCount++;
    try {
      if (type == BlobsCodec.HAVE) {
        single = haveReply(BlobsCodec.decodeHave(payload));
      } else if (type == BlobsCodec.ANNOUNCE) {
        announcements.accept(BlobsCodec.decodeAnnounce(payload));
        single = BlobsCodec.encodeDone();
      } else if (type == BlobsCodec.LIST) {
        BlobsCodec.ListRequest req = BlobsCodec.decodeList(payload);
        byte[] page =
            publications
                .page(req.publisher(), req.page())
                .orElseThrow(
                    () ->
                        new BlobsException(
                            BlobsError.NOT_FOUND,
                            "no page " + req.page() + " of " + req.publisher().toHex()));
        single = BlobsCodec.encodeListPage(page);
        if (remote != null) {
          lists.asked(remote, req.publisher(), req.page());
        }
      } else if (type == BlobsCodec.NOTICE) {
        BlobsCodec.Notice notice = BlobsCodec.decodeNotice(payload);
        if (remote != null) {
          lists.notice(remote, notice.publisher(), notice.version());
        }
        single = BlobsCodec.encodeDone();
      } else if (type == BlobsCodec.GET) {
        startGet(BlobsCodec.decodeGet(payload, config.rangeCountMax()));
      } else {
        throw new BlobsException(BlobsError.BAD_REQUEST, "unknown request type " + type);
      }
    } catch (BlobsException e) {
      refusedCount++;
      refusedByError[e.error().ordinal()]++;
      single = BlobsCodec.encodeError(e.error(), e.getMessage());
    }
  }

  private ByteBuffer haveReply(BlobHash hash) throws IOException {
    Optional<BlobInfo> info = store.info(hash);
    if (info.isEmpty() || !info.get().complete()) {
      // Only complete blobs are served (partial ones lack the parent nodes to prove groups).
      return BlobsCodec.encodeHaveReply(-1, GroupRanges.EMPTY);
    }
    return BlobsCodec.encodeHaveReply(info.get().size(), info.get().present());
  }

  private void startGet(BlobsCodec.GetRequest req) throws IOException {
    Optional<BlobReader> r = store.openReader(req.hash());
    if (r.isEmpty()) {
      throw new BlobsException(BlobsError.NOT_FOUND, "no complete blob " + req.hash());
    }
    BlobReader opened = r.get();
    GroupRanges groups = GetVerifier.groupsFor(req.offsets(), req.lengths(), opened.size());
    if (groups.count() * BlobTree.GROUP_LENGTH > config.requestLengthMax()) {
      opened.close();
      throw new BlobsException(
          BlobsError.TOO_LARGE, "request covers more than " + config.requestLengthMax());
    }
    if (groups.isEmpty()) {
      opened.close();
      throw new BlobsException(BlobsError.BAD_REQUEST, "ranges lie outside the blob");
    }
    if (!admission.tryAcquire()) {
      opened.close();
      throw new BlobsException(BlobsError.BUSY, "too many concurrent requests from this key");
    }
    reader = opened;
    responder = new GetResponder(opened, groups);
  }

  /** Writes the next frame into {@code out} (room: {@link #frameLengthMax}); false when idle. */
  public boolean pollFrame(ByteBuffer out) throws IOException {
    if (single != null) {
      out.put(single);
      single = null;
      return true;
    }
    if (responder == null) {
      return false;
    }
    int before = out.position();
    if (responder.pollFrame(out)) {
      groupBytesSent += out.position() - before;
      return true;
    }
    finishGet();
    return false;
  }

  public static int frameLengthMax() {
    return GetResponder.frameLengthMax();
  }

  private void finishGet() throws IOException {
    responder = null;
    admission.release();
    BlobReader r = reader;
    reader = null;
    r.close();
  }

  public long requestCount() {
    return requestCount;
  }

  public long refusedCount() {
    return refusedCount;
  }

  /** Requests refused with {@code error}. */
  public long refusedCount(BlobsError error) {
    return refusedByError[error.ordinal()];
  }

  public long bytesSent() {
    return groupBytesSent;
  }

  @Override
  public void close() throws IOException {
    if (responder != null) {
      finishGet();
    }
  }
}
