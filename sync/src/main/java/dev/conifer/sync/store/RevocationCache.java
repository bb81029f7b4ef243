package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Revocations;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each namespace's {@link Revocations}: its current, namespace-signed entries under {@link
 * Revocations#PREFIX}, read from the store once and again only after an entry under the reserved
 * prefix was stored (validation asks for every received entry).
 */
public final class RevocationCache {
  private final SqliteEntryStore store;
  private final Map<PublicKey, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long revision, Revocations revocations) {}

  public RevocationCache(SqliteEntryStore store) {
    this.store = store;
  }

  public Revocations get(PublicKey namespace) {
    long revision = store.reservedRevision();
    Cached cached = cache.get(namespace);
    if (cached != null && cached.revision() == revision) {
      return cached.revocations();
    }
    Map<String, Long> revoked = new HashMap<>();
    byte[] prefix = Revocations.PREFIX.getBytes(StandardCharsets.UTF_8);
    for (Entry e : store.list(namespace, prefix, Integer.MAX_VALUE)) {
      String target = Revocations.target(e.key());
      if (target != null && !e.tombstone() && e.author().equals(namespace)) {
        revoked.put(target, e.timestampUs());
      }
    }
    Revocations loaded = new Revocations(revoked);
    cache.put(namespace, new Cached(revision, loaded));
    return loaded;
  }
}
