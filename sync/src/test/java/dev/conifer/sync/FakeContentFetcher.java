package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import java.util.HashMap;
import java.util.Map;

/** Fetches blobs straight from other nodes' in-memory stores, standing in for content transfer. */
final class FakeContentFetcher implements ContentFetcher {
  private final Map<PublicKey, ContentStore> holders = new HashMap<>();
  private final ContentStore local;
  int fetchCount;

  FakeContentFetcher(ContentStore local) {
    this.local = local;
  }

  void holder(PublicKey key, ContentStore store) {
    holders.put(key, store);
  }

  @Override
  public boolean fetch(PublicKey holder, byte[] hash, long length) {
    ContentStore remote = holders.get(holder);
    byte[] bytes = remote == null ? null : remote.get(hash);
    if (bytes == null || bytes.length != length) {
      return false;
    }
    fetchCount++;
    local.put(bytes);
    return true;
  }
}
