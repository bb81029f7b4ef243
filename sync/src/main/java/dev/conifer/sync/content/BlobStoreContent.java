package dev.conifer.sync.content;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.store.Pin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts content transfer to sync's narrow interfaces: {@link ContentStore} over a {@link
 * BlobStore}, and {@link ContentFetcher} over a {@link BlobFetcher} (verified, resumable fetches).
 */
public final class BlobStoreContent implements ContentStore, ContentFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(BlobStoreContent.class);

  /** Values larger than this are not read into memory by {@link #get}. */
  public static final long READ_LENGTH_MAX = 64L * 1024 * 1024;

  private final BlobStore store;
  private final BlobFetcher fetcher;
  private final Map<BlobHash, InFlight> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong fetchesShared = new AtomicLong();

  /** {@code fetcher} may be null for a node that never fetches (tests, offline tools). */
  public BlobStoreContent(BlobStore store, BlobFetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  @Override
  public byte[] put(byte[] bytes) {
    try {
      return store.put(new ByteArrayInputStream(bytes)).bytes();
    } catch (IOException e) {
      throw new UncheckedIOException("blob store put failed", e);
    }
  }

  @Override
  public boolean has(byte[] hash) {
    try {
      return store.has(BlobHash.of(hash));
    } catch (IOException e) {
      throw new UncheckedIOException("blob store lookup failed", e);
    }
  }

  @Override
  public byte[] get(byte[] hash) {
    try {
      Optional<BlobReader> reader = store.openReader(BlobHash.of(hash));
      if (reader.isEmpty()) {
        return null;
      }
      try (BlobReader r = reader.get()) {
        if (r.size() > READ_LENGTH_MAX) {
          throw new IllegalStateException("blob too large to read into memory: " + r.size());
        }
        byte[] out = new byte[(int) r.size()];
        r.readFully(0, out, 0, out.length);
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("blob store read failed", e);
    }
  }

  /** The pin sync holds on the content of current entries (never evicted by the policy). */
  public static final Pin PIN = new Pin("sync", "", "", "content of a current sync entry");

  @Override
  public void pin(byte[] hash) {
    try {
      store.pin(BlobHash.of(hash), PIN);
    } catch (IOException e) {
      throw new UncheckedIOException("blob store pin failed", e);
    }
  }

  @Override
  public void release(byte[] hash) {
    try {
      store.unpin(BlobHash.of(hash), PIN.tag());
    } catch (IOException e) {
      throw new UncheckedIOException("blob store unpin failed", e);
    }
  }

  /**
   * Fetches {@code hash} from {@code holder}. Concurrent fetches of one blob (the eager fetch after
   * a session and a {@code sync get}) share one run: two runs would write the same partial files,
   * and one of them would fail. A caller naming another holder tries that holder itself when the
   * shared run failed.
   */
  @Override
  public boolean fetch(PublicKey holder, byte[] hash, long length) {
    if (fetcher == null) {
      return false;
    }
    BlobHash blob = BlobHash.of(hash);
    while (true) {
      InFlight mine = new InFlight(holder);
      InFlight running = inFlight.putIfAbsent(blob, mine);
      if (running == null) {
        return run(mine, blob);
      }
      fetchesShared.incrementAndGet();
      if (awaitShared(running) || has(hash) || running.holder.equals(holder)) {
        return has(hash);
      }
    }
  }

  /** Fetches that joined a run of the same blob instead of starting their own. */
  public long fetchesShared() {
    return fetchesShared.get();
  }

  private boolean run(InFlight mine, BlobHash blob) {
    try {
      fetcher.fetch(blob, List.of(mine.holder), (verified, size) -> {});
      mine.result.complete(true);
    } catch (IOException e) {
      // Also counted by the fetcher (conifer_blob_fetches_failed_total, by reason).
      LOG.warn("fetch of blob {} from {} failed: {}", blob, mine.holder.toHex(), e.toString());
      mine.result.complete(false);
    } catch (RuntimeException | Error e) {
      mine.result.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(blob, mine);
    }
    return has(blob.bytes());
  }

  private static boolean awaitShared(InFlight running) {
    try {
      return running.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** A fetch of one blob that is running now, and the holder it asks. */
  private static final class InFlight {
    final PublicKey holder;
    final CompletableFuture<Boolean> result = new CompletableFuture<>();

    InFlight(PublicKey holder) {
      this.holder = holder;
    }
  }
}
