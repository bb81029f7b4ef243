package dev.conifer.node.doorway;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.store.SyncDirectory.NamespaceInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the doorway's namespace pages read from sync: only namespaces {@code published} allows,
 * their current keys, and a key's value (a merged document as JSON, or a plain value's bytes),
 * bounded in size before anything is read. Thread-safe (sync's store is).
 */
public final class NamespaceReader {
  /** One key of a listing: the newest of its current entries. */
  record KeyInfo(String key, boolean document, long length, long updatedUs, PublicKey author) {}

  record Listing(NamespaceInfo namespace, List<KeyInfo> keys, boolean truncated) {}

  /** A key's value, or why there is none to show. */
  sealed interface Value {}

  record Document(String json) implements Value {}

  record Bytes(byte[] bytes) implements Value {}

  record Absent() implements Value {}

  record TooLarge(long length) implements Value {}

  /** The value's content is neither here nor fetched from a holder. */
  record Unavailable(String reason) implements Value {}

  /** Entries per listed key at most: a document's live parts plus its snapshot and a value. */
  private static final int ENTRIES_PER_KEY = 20;

  private final SyncNode sync;
  private final Predicate<NamespaceInfo> published;
  private final Supplier<List<PublicKey>> holders;

  /**
   * @param published whether the doorway may show a namespace (sync's published mark, or the
   *     operator's configuration)
   * @param holders whom to ask for a value's content that is not here yet
   */
  public NamespaceReader(
      SyncNode sync, Predicate<NamespaceInfo> published, Supplier<List<PublicKey>> holders) {
    this.sync = sync;
    this.published = published;
    this.holders = holders;
  }

  /** The published namespace with key {@code hex}; empty if unknown here or not published. */
  Optional<NamespaceInfo> find(String hex) {
    NamespaceInfo info = sync.directory().namespace(hex);
    return info != null && published.test(info) ? Optional.of(info) : Optional.empty();
  }

  /** Up to {@code max} keys starting with {@code prefix}, in key order. */
  Listing list(NamespaceInfo ns, String prefix, int max) {
    int limit = (max + 1) * ENTRIES_PER_KEY;
    List<Entry> entries = sync.list(ns.namespace(), prefix, limit);
    Map<String, List<Entry>> byKey = new LinkedHashMap<>();
    for (Entry e : entries) {
      byKey.computeIfAbsent(e.keyString(), k -> new ArrayList<>()).add(e);
    }
    boolean truncated = byKey.size() > max;
    if (entries.size() >= limit) {
      // The last key's entries may be cut off: leave it for a narrower listing.
      truncated = true;
      byKey.remove(entries.get(entries.size() - 1).keyString());
    }
    List<KeyInfo> keys = new ArrayList<>();
    for (Map.Entry<String, List<Entry>> k : byKey.entrySet()) {
      if (keys.size() == max) {
        break;
      }
      keys.add(keyInfo(k.getKey(), k.getValue()));
    }
    return new Listing(ns, keys, truncated);
  }

  private static KeyInfo keyInfo(String key, List<Entry> current) {
    boolean document = current.stream().anyMatch(Entry::mergeable);
    Entry newest = current.get(0);
    long length = 0;
    for (Entry e : current) {
      if (e.timestampUs() > newest.timestampUs()) {
        newest = e;
      }
      if (e.mergeable() == document) {
        length += e.contentLength();
      }
    }
    return new KeyInfo(key, document, length, newest.timestampUs(), newest.author());
  }

  /** {@code key}'s current value, if it is at most {@code lengthMax} bytes of content. */
  Value value(NamespaceInfo ns, String key, long lengthMax) {
    List<Entry> current =
        sync.store().current(ns.namespace(), key.getBytes(StandardCharsets.UTF_8));
    List<Entry> document = current.stream().filter(Entry::mergeable).toList();
    List<Entry> read;
    if (!document.isEmpty()) {
      read = document;
    } else if (current.isEmpty() || current.get(current.size() - 1).tombstone()) {
      return new Absent();
    } else {
      read = List.of(current.get(current.size() - 1));
    }
    long length = read.stream().mapToLong(Entry::contentLength).sum();
    if (length > lengthMax) {
      return new TooLarge(length);
    }
    try {
      if (!document.isEmpty()) {
        String json = sync.documentJson(ns.namespace(), key, holders.get());
        return json == null ? new Absent() : new Document(json);
      }
      byte[] bytes = sync.get(ns.namespace(), key, holders.get());
      return bytes == null ? new Unavailable("its content could not be fetched") : new Bytes(bytes);
    } catch (IllegalStateException e) {
      return new Unavailable(e.getMessage());
    }
  }
}
