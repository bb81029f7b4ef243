package dev.conifer.sync.content;

import dev.conifer.snek.wire.PublicKey;
import java.util.HashMap;
import java.util.Map;

/** Fetches blobs straight from other nodes' in-memory stores, standing in for content transfer. */
public final class FakeContentFetcher implements ContentFetcher {
  private final Map<PublicKey, ContentStore> holders = new HashMap<>();
  private final ContentStore local;
  int fetchCount;

  public FakeContentFetcher(ContentStore local) {
    this.local = local;
  }

  public void holder(PublicKey key, ContentStore store) {
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
