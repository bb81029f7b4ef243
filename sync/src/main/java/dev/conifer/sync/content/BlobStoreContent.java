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
import java.util.Optional;

/**
 * Adapts content transfer to sync's narrow interfaces: {@link ContentStore} over a {@link
 * BlobStore}, and {@link ContentFetcher} over a {@link BlobFetcher} (verified, resumable fetches).
 */
public final class BlobStoreContent implements ContentStore, ContentFetcher {
  /** Values larger than this are not read into memory by {@link #get}. */
  public static final long READ_LENGTH_MAX = 64L * 1024 * 1024;

  private final BlobStore store;
  private final BlobFetcher fetcher;

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

  @Override
  public boolean fetch(PublicKey holder, byte[] hash, long length) {
    if (fetcher == null) {
      return false;
    }
    try {
      fetcher.fetch(BlobHash.of(hash), List.of(holder), (verified, size) -> {});
      return has(hash);
    } catch (IOException e) {
      // Counted by the fetcher (conifer_blob_fetches_failed_total). A concurrent fetch of the same
      // blob (the eager one after a session) may have completed it meanwhile.
      return has(hash);
    }
  }
}
