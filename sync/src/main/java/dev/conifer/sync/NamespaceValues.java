package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.ContentFetcher;
import dev.conifer.sync.content.ContentStore;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.JsonDocuments;
import dev.conifer.sync.entry.MergeableDocuments;
import dev.conifer.sync.store.SqliteEntryStore;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link SyncNode}'s local reads and writes of keys: values, tombstones and Automerge documents,
 * signed by the node (or the namespace key it holds), with missing content fetched from holders.
 */
final class NamespaceValues {
  private final SqliteEntryStore store;
  private final SyncDirectory directory;
  private final Signer nodeSigner;
  private final ContentStore content;
  private final ContentFetcher fetcher;
  private final SyncConfig config;
  private final LongSupplier nowEpochUs;
  private final Runnable pinChanges;

  NamespaceValues(
      SqliteEntryStore store,
      SyncDirectory directory,
      Signer nodeSigner,
      ContentStore content,
      ContentFetcher fetcher,
      SyncConfig config,
      LongSupplier nowEpochUs,
      Runnable pinChanges) {
    this.store = store;
    this.directory = directory;
    this.nodeSigner = nodeSigner;
    this.content = content;
    this.fetcher = fetcher;
    this.config = config;
    this.nowEpochUs = nowEpochUs;
    this.pinChanges = pinChanges;
  }

  /**
   * Writes {@code value} under {@code key}. The content goes to the blob store, the signed entry to
   * SQLite; both are durable when this returns. A local write is dated at least 1 µs after the
   * entries it replaces, so it wins here even if the local clock lags.
   */
  Entry put(PublicKey namespace, String key, byte[] value, boolean mergeable) {
    return write(namespace, key, value, mergeable ? Entry.Kind.PART : Entry.Kind.VALUE);
  }

  /** Writes an entry of any kind (a tombstone's {@code value} must be empty). */
  Entry write(PublicKey namespace, String key, byte[] value, Entry.Kind kind) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    Writer w = writer(namespace);
    long ts = nowEpochUs.getAsLong();
    for (Entry current : store.current(namespace, keyBytes)) {
      ts = Math.max(ts, current.timestampUs() + 1);
    }
    Entry entry;
    if (kind == Entry.Kind.TOMBSTONE) {
      entry = Entry.signTombstone(w.author(), namespace, keyBytes, ts, w.grant());
    } else {
      byte[] hash = content.put(value);
      entry = Entry.sign(w.author(), namespace, keyBytes, ts, hash, value.length, kind, w.grant());
    }
    store.insert(entry, true, nowEpochUs.getAsLong() / 1000);
    pinChanges.run();
    return entry;
  }

  /**
   * Deletes {@code key}: a signed tombstone that competes under the same rule as any write. Returns
   * null if the key has no live value here (nothing to delete).
   */
  Entry remove(PublicKey namespace, String key) {
    List<Entry> current = store.current(namespace, key.getBytes(StandardCharsets.UTF_8));
    if (current.isEmpty() || current.stream().allMatch(Entry::tombstone)) {
      return null;
    }
    return write(namespace, key, new byte[0], Entry.Kind.TOMBSTONE);
  }

  /** Deletes every live key that starts with {@code prefix}; returns the tombstones written. */
  List<Entry> removePrefix(PublicKey namespace, String prefix, int limit) {
    List<Entry> out = new ArrayList<>();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    for (Entry e : store.list(namespace, prefix.getBytes(StandardCharsets.UTF_8), limit)) {
      keys.add(e.keyString());
    }
    for (String key : keys) {
      Entry tombstone = remove(namespace, key);
      if (tombstone != null) {
        out.add(tombstone);
      }
    }
    return out;
  }

  /**
   * Sets the fields of {@code fields} in the document at {@code key} (a new one if the key holds no
   * document). The part written is the author's whole saved document, so it never depends on a part
   * that a newer plain value or tombstone replaced elsewhere. Once the document has {@code
   * documentPartsMax} live parts, the edit is written as a snapshot, which replaces them.
   */
  Entry putDocument(
      PublicKey namespace,
      String key,
      com.fasterxml.jackson.databind.node.ObjectNode fields,
      List<PublicKey> holders) {
    List<Entry> current = store.current(namespace, key.getBytes(StandardCharsets.UTF_8));
    List<Entry> live = current.stream().filter(Entry::mergeable).toList();
    org.automerge.Document doc = MergeableDocuments.merge(partsOf(live, holders));
    try {
      JsonDocuments.apply(doc, fields);
      long liveParts = live.stream().filter(e -> e.kind() == Entry.Kind.PART).count();
      Entry.Kind kind =
          liveParts >= config.documentPartsMax() ? Entry.Kind.SNAPSHOT : Entry.Kind.PART;
      return write(namespace, key, doc.save(), kind);
    } finally {
      doc.free();
    }
  }

  /** The document at {@code key} as JSON, or null if the key holds no document. */
  String documentJson(PublicKey namespace, String key, List<PublicKey> holders) {
    List<Entry> live =
        store.current(namespace, key.getBytes(StandardCharsets.UTF_8)).stream()
            .filter(Entry::mergeable)
            .toList();
    if (live.isEmpty()) {
      return null;
    }
    org.automerge.Document doc = MergeableDocuments.merge(partsOf(live, holders));
    try {
      return JsonDocuments.toJson(doc);
    } finally {
      doc.free();
    }
  }

  private List<byte[]> partsOf(List<Entry> live, List<PublicKey> holders) {
    List<byte[]> parts = new ArrayList<>();
    for (Entry e : live) {
      byte[] bytes = contentOf(e, holders);
      if (bytes == null) {
        throw new IllegalStateException(
            "content of document part " + e.idHex().substring(0, 12) + " is not here yet");
      }
      parts.add(bytes);
    }
    return parts;
  }

  /** Who signs this node's writes in {@code namespace}, with the grant that lets it. */
  private record Writer(Signer author, Grant grant) {}

  private Writer writer(PublicKey namespace) {
    SyncDirectory.NamespaceInfo info = directory.namespace(namespace);
    if (info == null) {
      throw new IllegalStateException("unknown namespace " + namespace.toHex());
    }
    if (info.seed() != null) {
      return new Writer(Ed25519.signerFromSeed(info.seed()), null);
    }
    Grant grant = directory.grant(namespace, nodeSigner.publicKey(), Grant.Mode.WRITE);
    if (grant == null) {
      throw new IllegalStateException(
          "no write capability for namespace " + info.name() + " on this node");
    }
    return new Writer(nodeSigner, grant);
  }

  /**
   * The value of {@code key}: the winning entry's content, or for a mergeable document the merge of
   * all its parts (Automerge saved form). Missing content is fetched lazily from {@code holders}.
   * Null if the key is absent or its content cannot be had.
   */
  byte[] get(PublicKey namespace, String key, List<PublicKey> holders) {
    List<Entry> current = store.current(namespace, key.getBytes(StandardCharsets.UTF_8));
    if (current.isEmpty()) {
      return null;
    }
    List<Entry> document = current.stream().filter(Entry::mergeable).toList();
    if (document.isEmpty()) {
      Entry winner = current.get(current.size() - 1);
      return winner.tombstone() ? null : contentOf(winner, holders);
    }
    List<byte[]> parts = new ArrayList<>();
    for (Entry e : document) {
      byte[] bytes = contentOf(e, holders);
      if (bytes == null) {
        return null;
      }
      parts.add(bytes);
    }
    return MergeableDocuments.mergedBytes(parts);
  }

  private byte[] contentOf(Entry e, List<PublicKey> holders) {
    byte[] bytes = content.get(e.contentHash());
    for (int i = 0; bytes == null && fetcher != null && i < holders.size(); i++) {
      if (fetcher.fetch(holders.get(i), e.contentHash(), e.contentLength())) {
        bytes = content.get(e.contentHash());
      }
    }
    return bytes;
  }
}
