package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.ContentFetcher;
import dev.conifer.sync.content.ContentStore;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.JsonDocuments;
import dev.conifer.sync.entry.MergeableDocuments;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.store.DeferredEntries;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.HeldEntriesTable;
import dev.conifer.sync.store.RevocationCache;
import dev.conifer.sync.store.SqliteEntryStore;
import dev.conifer.sync.store.SyncDatabase;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One node's sync state behind a small API: namespaces and grants, local writes (durable on return,
 * hence the outbox), reads with Automerge merging, and sessions for reconciliation. The CLI ({@link
 * SyncCommands}) and the node's session wiring sit on top of this.
 */
public final class SyncNode implements AutoCloseable {
  private final SyncDatabase db;
  private final SqliteEntryStore store;
  private final SyncDirectory directory;
  private final Signer nodeSigner;
  private final ContentStore content;
  private final ContentFetcher fetcher;
  private final SyncConfig config;
  private final LongSupplier nowEpochUs;
  private final SyncCounters counters = new SyncCounters();
  private final SyncContext context;
  private final RevocationCache revocations;

  public SyncNode(
      Path dataDirectory,
      Signer nodeSigner,
      ContentStore content,
      ContentFetcher fetcher,
      SyncConfig config,
      LongSupplier nowEpochUs) {
    this.db = SyncDatabase.open(dataDirectory);
    this.store = new SqliteEntryStore(db, config.auditCountMax());
    this.directory = new SyncDirectory(db);
    this.revocations = new RevocationCache(store);
    this.nodeSigner = nodeSigner;
    this.content = content;
    this.fetcher = fetcher;
    this.config = config;
    this.nowEpochUs = nowEpochUs;
    EntryValidator validator =
        new EntryValidator(Ed25519.VERIFIER, config.clockSkewMaxUs(), this::revocations);
    this.context =
        new SyncContext(
            nodeSigner.publicKey(),
            store,
            validator,
            Ed25519.VERIFIER,
            counters,
            config.reconcile(),
            content,
            ns -> directory.grant(ns, nodeSigner.publicKey(), Grant.Mode.READ),
            new DeferredEntries(
                DeferredEntries.COUNT_MAX_DEFAULT,
                DeferredEntries.HORIZON_US_DEFAULT,
                new HeldEntriesTable(db, counters)),
            this::interest);
    applyPinChanges(); // what a crash left unapplied
  }

  public PublicKey nodeKey() {
    return nodeSigner.publicKey();
  }

  /** Creates a namespace from a 32-byte seed; this node holds its key and may read it. */
  public SyncDirectory.NamespaceInfo createNamespace(
      String name, byte[] seed, SyncDirectory.ContentPolicy policy) {
    Signer ns = Ed25519.signerFromSeed(seed);
    SyncDirectory.NamespaceInfo info =
        new SyncDirectory.NamespaceInfo(ns.publicKey(), name, seed.clone(), policy);
    directory.putNamespace(info);
    directory.putGrant(Grant.issue(ns, nodeKey(), Grant.Mode.READ));
    return info;
  }

  /** Joins a namespace created elsewhere with the grants its owner issued to this node. */
  public void joinNamespace(
      String name, Grant readGrant, Grant writeGrant, SyncDirectory.ContentPolicy policy) {
    if (!readGrant.allows(readGrant.namespace(), nodeKey(), Grant.Mode.READ, Ed25519.VERIFIER)) {
      throw new IllegalArgumentException("read grant is not valid for this node's key");
    }
    directory.putNamespace(
        new SyncDirectory.NamespaceInfo(readGrant.namespace(), name, null, policy));
    directory.putGrant(readGrant);
    if (writeGrant != null) {
      directory.putGrant(writeGrant);
    }
  }

  /**
   * What this node wants of {@code namespace} now: its key prefixes and time range (a rolling
   * {@code --since 7d} resolved against the clock), sent in HELLO and used to narrow peers' asks.
   */
  public Interest interest(PublicKey namespace) {
    return directory.interest(namespace, nowEpochUs.getAsLong());
  }

  /** The revocations known for {@code namespace} ({@code sync ns revoke}). */
  public Revocations revocations(PublicKey namespace) {
    return revocations.get(namespace);
  }

  /** Namespaces marked for the web doorway with {@code sync ns publish}. */
  public List<SyncDirectory.NamespaceInfo> published() {
    return directory.namespaces().stream().filter(ns -> isPublished(ns.namespace())).toList();
  }

  /** True if {@code namespace} is marked for the web doorway ({@code sync ns publish}). */
  public boolean isPublished(PublicKey namespace) {
    return directory.isPublished(namespace);
  }

  /** Issues a grant on a namespace whose key this node holds. */
  public Grant grant(PublicKey namespace, PublicKey grantee, Grant.Mode mode) {
    return Grant.issue(namespaceSigner(namespace), grantee, mode);
  }

  Signer nodeSigner() {
    return nodeSigner;
  }

  Signer namespaceSigner(PublicKey namespace) {
    SyncDirectory.NamespaceInfo info = directory.namespace(namespace);
    if (info == null || info.seed() == null) {
      throw new IllegalStateException(
          "this node does not hold the key of namespace " + namespace.toHex());
    }
    return Ed25519.signerFromSeed(info.seed());
  }

  /**
   * Writes {@code value} under {@code key}. The content goes to the blob store, the signed entry to
   * SQLite; both are durable when this returns. A local write is dated at least 1 µs after the
   * entries it replaces, so it wins here even if the local clock lags.
   */
  public Entry put(PublicKey namespace, String key, byte[] value, boolean mergeable) {
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
    applyPinChanges();
    return entry;
  }

  /**
   * Deletes {@code key}: a signed tombstone that competes under the same rule as any write. Returns
   * null if the key has no live value here (nothing to delete).
   */
  public Entry remove(PublicKey namespace, String key) {
    List<Entry> current = store.current(namespace, key.getBytes(StandardCharsets.UTF_8));
    if (current.isEmpty() || current.stream().allMatch(Entry::tombstone)) {
      return null;
    }
    return write(namespace, key, new byte[0], Entry.Kind.TOMBSTONE);
  }

  /** Deletes every live key that starts with {@code prefix}; returns the tombstones written. */
  public List<Entry> removePrefix(PublicKey namespace, String prefix, int limit) {
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
  public Entry putDocument(
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
  public String documentJson(PublicKey namespace, String key, List<PublicKey> holders) {
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
    Grant grant = directory.grant(namespace, nodeKey(), Grant.Mode.WRITE);
    if (grant == null) {
      throw new IllegalStateException(
          "no write capability for namespace " + info.name() + " on this node");
    }
    return new Writer(nodeSigner, grant);
  }

  /**
   * Pins the content of current entries in the blob store and releases content no current entry
   * refers to (collectable). The store queues these changes in the same transaction as the entries,
   * so a crash in between is repaired by the next call (both operations are idempotent).
   */
  public void applyPinChanges() {
    while (true) {
      List<EntryStore.PinChange> changes = store.pinChanges(1000);
      if (changes.isEmpty()) {
        return;
      }
      for (EntryStore.PinChange change : changes) {
        if (change.pinned()) {
          content.pin(change.hash());
        } else {
          content.release(change.hash());
        }
      }
      store.pinChangesApplied(changes);
    }
  }

  /**
   * The value of {@code key}: the winning entry's content, or for a mergeable document the merge of
   * all its parts (Automerge saved form). Missing content is fetched lazily from {@code holders}.
   * Null if the key is absent or its content cannot be had.
   */
  public byte[] get(PublicKey namespace, String key, List<PublicKey> holders) {
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

  public List<Entry> list(PublicKey namespace, String prefix, int limit) {
    return store.list(namespace, prefix.getBytes(StandardCharsets.UTF_8), limit);
  }

  /** Starts a sync of {@code interest} with {@code remote}. */
  public SyncSession initiate(PublicKey remote, Interest interest, long salt) {
    return SyncSession.initiate(context, remote, interest, salt);
  }

  public SyncSession respond(PublicKey remote) {
    return SyncSession.respond(context, remote);
  }

  /**
   * Bookkeeping after a session: records the outcome for a partner and, under the EAGER policy,
   * fetches missing content from the peer now.
   */
  public void afterSession(SyncSession session) {
    applyPinChanges();
    long nowMs = nowEpochUs.getAsLong() / 1000;
    String result = session.failure() == null ? "ok" : "failed: " + session.failure();
    directory.recordSync(
        session.remoteKey(), nowMs, result, session.entriesReceived() + session.entriesSent());
    Interest interest = session.interest();
    if (interest == null || fetcher == null) {
      return;
    }
    SyncDirectory.NamespaceInfo info = directory.namespace(interest.namespace());
    if (info != null && info.policy() == SyncDirectory.ContentPolicy.EAGER) {
      for (Entry e : session.missingContent()) {
        if (!content.has(e.contentHash())) {
          fetcher.fetch(session.remoteKey(), e.contentHash(), e.contentLength());
        }
      }
    }
  }

  public long nowEpochUs() {
    return nowEpochUs.getAsLong();
  }

  public EntryStore store() {
    return store;
  }

  public SyncDirectory directory() {
    return directory;
  }

  public SyncCounters counters() {
    return counters;
  }

  public SyncContext context() {
    return context;
  }

  public ContentStore content() {
    return content;
  }

  public SyncConfig config() {
    return config;
  }

  @Override
  public void close() {
    db.close();
  }
}
