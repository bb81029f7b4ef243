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
  private final NamespaceValues values;

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
    this.values =
        new NamespaceValues(
            store,
            directory,
            nodeSigner,
            content,
            fetcher,
            config,
            nowEpochUs,
            this::applyPinChanges);
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
    return values.put(namespace, key, value, mergeable);
  }

  /** Writes an entry of any kind (a tombstone's {@code value} must be empty). */
  Entry write(PublicKey namespace, String key, byte[] value, Entry.Kind kind) {
    return values.write(namespace, key, value, kind);
  }

  /**
   * Deletes {@code key}: a signed tombstone that competes under the same rule as any write. Returns
   * null if the key has no live value here (nothing to delete).
   */
  public Entry remove(PublicKey namespace, String key) {
    return values.remove(namespace, key);
  }

  /** Deletes every live key that starts with {@code prefix}; returns the tombstones written. */
  public List<Entry> removePrefix(PublicKey namespace, String prefix, int limit) {
    return values.removePrefix(namespace, prefix, limit);
  }

  /**
   * Sets the fields of {@code fields} in the document at {@code key} (a new one if the key holds no
   * document); see {@link NamespaceValues#putDocument}.
   */
  public Entry putDocument(
      PublicKey namespace,
      String key,
      com.fasterxml.jackson.databind.node.ObjectNode fields,
      List<PublicKey> holders) {
    return values.putDocument(namespace, key, fields, holders);
  }

  /** The document at {@code key} as JSON, or null if the key holds no document. */
  public String documentJson(PublicKey namespace, String key, List<PublicKey> holders) {
    return values.documentJson(namespace, key, holders);
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
    return values.get(namespace, key, holders);
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
