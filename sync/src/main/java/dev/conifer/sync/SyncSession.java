package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import dev.conifer.sync.reconcile.RangeReconciler;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.wire.ByteReader;
import dev.conifer.sync.wire.ByteWriter;
import dev.conifer.sync.wire.SyncFormatException;
import dev.conifer.sync.wire.SyncMessages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code conifer-sync/1} exchange with one peer for one interest, sans-I/O: feed received
 * messages to {@link #handleMessage}, send whatever {@link #pollMessage} returns, until {@link
 * #finished}. Wall-clock time (for the clock-skew check) comes in as an argument.
 *
 * <p>Flow: the initiator sends HELLO (version, fingerprint salt, interest, its read grant); the
 * responder refuses, or answers WELCOME with its own read grant. They exchange RECONCILE messages,
 * each preceded by ENTRIES the other side lacks, until the initiator has nothing left and sends
 * DONE. Entries flow only to a peer that proved read access; received entries are validated and
 * committed before the next message is handled.
 */
public final class SyncSession {
  /** Rounds after which a session is abandoned: honest peers need a handful (log of set size). */
  public static final int ROUND_COUNT_MAX = 256;

  private final SyncContext ctx;
  private final PublicKey remoteKey;
  private final boolean initiator;
  private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
  private final List<Entry> missingContent = new ArrayList<>();
  private Interest interest;
  private long salt;
  private RangeReconciler reconciler;
  private ItemSet items;
  private boolean peerMayRead;
  private boolean finished;
  private String failure;
  private int roundTrips;
  private long entriesReceived;
  private long entriesSent;
  private long bytesSent;
  private long bytesReceived;
  private long nowEpochUs;

  private SyncSession(SyncContext ctx, PublicKey remoteKey, boolean initiator) {
    this.ctx = ctx;
    this.remoteKey = remoteKey;
    this.initiator = initiator;
  }

  /** Starts a sync of {@code interest} with {@code remoteKey}; HELLO is ready to poll. */
  public static SyncSession initiate(
      SyncContext ctx, PublicKey remoteKey, Interest interest, long salt) {
    SyncSession s = new SyncSession(ctx, remoteKey, true);
    s.interest = interest;
    s.salt = salt;
    ByteWriter hello = new ByteWriter().u8(SyncMessages.HELLO).u8(SyncMessages.VERSION).i64(salt);
    interest.encode(hello);
    SessionFrames.writeGrant(hello, ctx.readGrants().apply(interest.namespace()));
    s.queue(hello.toArray());
    return s;
  }

  /** Waits for a peer's HELLO. */
  public static SyncSession respond(SyncContext ctx, PublicKey remoteKey) {
    return new SyncSession(ctx, remoteKey, false);
  }

  public void handleMessage(byte[] message, long nowEpochUs) {
    if (finished) {
      return;
    }
    bytesReceived += message.length + SyncMessages.FRAME_HEADER_LENGTH;
    ctx.counters().bytesReceived.addAndGet(message.length + SyncMessages.FRAME_HEADER_LENGTH);
    this.nowEpochUs = nowEpochUs;
    try {
      ByteReader in = new ByteReader(message);
      int type = in.u8();
      switch (type) {
        case SyncMessages.HELLO -> onHello(in);
        case SyncMessages.WELCOME -> onWelcome(in);
        case SyncMessages.REFUSED ->
            fail("peer refused: " + new String(in.blob(4096), StandardCharsets.UTF_8));
        case SyncMessages.RECONCILE -> onReconcile(in.bytes(in.remaining()));
        case SyncMessages.ENTRIES -> onEntries(in, nowEpochUs);
        case SyncMessages.DONE -> finish();
        default -> throw new SyncFormatException("sync message type unknown: " + type);
      }
    } catch (SyncFormatException e) {
      ctx.counters().malformed.incrementAndGet();
      fail("malformed message from " + remoteKey.shortHex() + ": " + e.getMessage());
    }
  }

  private void onHello(ByteReader in) throws SyncFormatException {
    expect(!initiator && reconciler == null && interest == null, "HELLO");
    int version = in.u8();
    if (version != SyncMessages.VERSION) {
      refuse("unsupported sync version " + version);
      return;
    }
    salt = in.i64();
    Interest asked = Interest.decode(in);
    Grant theirs = SessionFrames.readGrant(in);
    PublicKey ns = asked.namespace();
    Grant ours = ctx.readGrants().apply(ns);
    if (theirs == null || !theirs.allows(ns, remoteKey, Grant.Mode.READ, ctx.verifier())) {
      ctx.counters().readRefused.incrementAndGet();
      refuse("no read capability for namespace " + ns.toHex());
      return;
    }
    if (nowEpochUs / 1_000_000 >= theirs.expiresEpochSec()) {
      ctx.counters().readRefused.incrementAndGet();
      ctx.counters().capabilityExpired.incrementAndGet();
      refuse(
          "read capability for namespace "
              + ns.toHex()
              + " expired at "
              + java.time.Instant.ofEpochSecond(theirs.expiresEpochSec()));
      return;
    }
    if (ctx.validator().revocations(ns).revokes(theirs)) {
      ctx.counters().readRefused.incrementAndGet();
      ctx.counters().capabilityRevoked.incrementAndGet();
      refuse("read capability for namespace " + ns.toHex() + " was revoked (sync ns revoke)");
      return;
    }
    // Only what both sides want moves: the peer's interest narrowed to ours, told in WELCOME.
    interest = asked.intersect(ctx.interests().apply(ns));
    if (ours == null) {
      refuse("namespace " + ns.toHex() + " is not hosted here");
      return;
    }
    peerMayRead = true;
    ByteWriter welcome = new ByteWriter().u8(SyncMessages.WELCOME);
    SessionFrames.writeGrant(welcome, ours);
    interest.encode(welcome);
    queue(welcome.toArray());
    items = reconciliationSet();
    reconciler = new RangeReconciler(items, ctx.reconcileConfig(), salt, false);
  }

  private void onWelcome(ByteReader in) throws SyncFormatException {
    expect(initiator && reconciler == null, "WELCOME");
    Grant theirs = SessionFrames.readGrant(in);
    peerMayRead =
        theirs != null
            && theirs.allowsAt(
                interest.namespace(),
                remoteKey,
                Grant.Mode.READ,
                nowEpochUs / 1_000_000,
                ctx.verifier());
    if (in.remaining() > 0) {
      interest = interest.intersect(Interest.decode(in)); // the responder's narrowing
    }
    if (ctx.validator().revocations(interest.namespace()).revokes(theirs)) {
      ctx.counters().capabilityRevoked.incrementAndGet();
      fail(
          "capability of "
              + remoteKey.shortHex()
              + " for namespace "
              + interest.namespace().toHex()
              + " was revoked (sync ns revoke): nothing sent or taken");
      return;
    }
    items = reconciliationSet();
    reconciler = new RangeReconciler(items, ctx.reconcileConfig(), salt, true);
    sendReconcile(reconciler.initiate());
  }

  /**
   * Stores held entries whose time has come, then takes the set to reconcile: the current entries
   * plus the ones still held, so the peer does not send those again.
   */
  private ItemSet reconciliationSet() {
    List<Entry> due = ctx.deferred().due(nowEpochUs, ctx.validator().clockSkewMaxUs());
    List<Entry> valid = new ArrayList<>();
    for (Entry e : due) {
      EntryValidator.Verdict verdict = ctx.validator().check(e, nowEpochUs);
      if (verdict == EntryValidator.Verdict.OK) {
        valid.add(e);
      } else {
        ctx.counters().countRejected(verdict);
      }
    }
    if (!valid.isEmpty()) {
      ctx.store().insertAll(valid);
      ctx.counters().futureAccepted.addAndGet(valid.size());
    }
    return ctx.deferred().addTo(ctx.store().items(interest), interest);
  }

  private void onReconcile(byte[] payload) throws SyncFormatException {
    expect(reconciler != null, "RECONCILE");
    if (reconciler.roundCount() >= ROUND_COUNT_MAX) {
      fail("reconciliation exceeded " + ROUND_COUNT_MAX + " rounds with " + remoteKey.shortHex());
      return;
    }
    byte[] reply = reconciler.handle(payload);
    pushEntries(reconciler.drainPushIndexes());
    if (reply == null) {
      queue(new byte[] {(byte) SyncMessages.DONE});
      finish();
    } else {
      sendReconcile(reply);
    }
  }

  private void sendReconcile(byte[] payload) {
    if (initiator) {
      roundTrips++;
    }
    queue(SyncMessages.withType(SyncMessages.RECONCILE, payload));
  }

  private void pushEntries(List<Integer> indexes) {
    if (!peerMayRead || indexes.isEmpty()) {
      return;
    }
    List<byte[]> encoded = new ArrayList<>(indexes.size());
    for (int index : indexes) {
      // An entry superseded and pruned since the snapshot is gone; the winner travels instead.
      ctx.store().entry(items.id(index)).map(Entry::encoded).ifPresent(encoded::add);
    }
    int lengthMax = ctx.reconcileConfig().messageLengthMax();
    for (List<byte[]> batch : SessionFrames.batches(encoded, lengthMax)) {
      entriesSent += batch.size();
      ctx.counters().entriesSent.addAndGet(batch.size());
      queue(SessionFrames.entries(batch));
    }
  }

  private void onEntries(ByteReader in, long nowEpochUs) throws SyncFormatException {
    expect(reconciler != null, "ENTRIES");
    List<Entry> valid = SessionFrames.acceptable(in, ctx, interest, nowEpochUs);
    // One transaction per frame: committed before the next message is handled.
    List<EntryStore.InsertOutcome> outcomes = ctx.store().insertAll(valid);
    for (int i = 0; i < valid.size(); i++) {
      if (outcomes.get(i) != EntryStore.InsertOutcome.DUPLICATE) {
        Entry entry = valid.get(i);
        entriesReceived++;
        ctx.counters().entriesReceived.incrementAndGet();
        if (ctx.content() != null && !ctx.content().has(entry.contentHash())) {
          missingContent.add(entry);
        }
      }
    }
  }

  private void expect(boolean ok, String what) throws SyncFormatException {
    if (!ok) {
      throw new SyncFormatException(what + " out of order");
    }
  }

  private void refuse(String reason) {
    queue(SyncMessages.refused(reason));
    fail(reason);
  }

  private void fail(String reason) {
    failure = reason;
    finished = true;
    ctx.counters().syncsFailed.incrementAndGet();
  }

  private void finish() {
    if (!finished) {
      finished = true;
      ctx.counters().syncsCompleted.incrementAndGet();
    }
  }

  private void queue(byte[] message) {
    bytesSent += message.length + SyncMessages.FRAME_HEADER_LENGTH;
    ctx.counters().bytesSent.addAndGet(message.length + SyncMessages.FRAME_HEADER_LENGTH);
    outbound.add(message);
  }

  /** The next message to send, or null. */
  public byte[] pollMessage() {
    return outbound.poll();
  }

  public boolean finished() {
    return finished;
  }

  /** Why the session failed or was refused, or null if it succeeded (or is still running). */
  public String failure() {
    return failure;
  }

  public boolean initiator() {
    return initiator;
  }

  public PublicKey remoteKey() {
    return remoteKey;
  }

  public Interest interest() {
    return interest;
  }

  /** Entries stored during this session whose content is not held locally yet. */
  public List<Entry> missingContent() {
    return List.copyOf(missingContent);
  }

  public int roundTrips() {
    return roundTrips;
  }

  public long entriesReceived() {
    return entriesReceived;
  }

  public long entriesSent() {
    return entriesSent;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long bytesReceived() {
    return bytesReceived;
  }
}
