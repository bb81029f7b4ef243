package dev.conifer.sync.link;

import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncAgent;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.SyncSession;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.store.SyncDirectory;
import dev.conifer.sync.wire.SyncMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The thin adapter between sessions and sync: serves {@code conifer-sync/1} streams and dials
 * partners. One stream carries one {@link SyncSession}; all protocol logic stays in the session.
 */
public final class SessionSyncService {
  private final Sessions sessions;
  private final SyncNode node;
  private final LongSupplier saltSource;
  private final Duration dialTimeout;
  private final java.util.Map<PublicKey, long[]> salts = new java.util.HashMap<>();
  private volatile java.util.function.Consumer<PublicKey> partnerLearned = key -> {};
  private volatile Runnable entriesArrived = () -> {};

  /**
   * How long one partner keeps its fingerprint salt. Reusing it lets both sides answer from the
   * chunk sums cached for it (no O(n) hashing per session); it stays secret to the two peers (it
   * travels inside the encrypted session), so an author cannot grind collisions for it.
   */
  public static final long SALT_LIFETIME_US = 3600L * 1_000_000;

  /** {@code saltSource} gives fresh random fingerprint salts (SecureRandom in the node). */
  public SessionSyncService(
      Sessions sessions, SyncNode node, LongSupplier saltSource, Duration dialTimeout) {
    this.sessions = sessions;
    this.node = node;
    this.saltSource = saltSource;
    this.dialTimeout = dialTimeout;
  }

  /** Starts answering sync requests from peers. */
  public void listen() {
    sessions.listen(SyncMessages.ALPN, this::serve);
  }

  /**
   * Called with a peer that synced with us for the first time (it joined with a ticket): it becomes
   * a partner, so that our writes are pushed to it too.
   */
  public void onPartnerLearned(java.util.function.Consumer<PublicKey> listener) {
    partnerLearned = listener;
  }

  /**
   * Called after a session stored new entries: the node passes them on to its other partners at
   * once, so a write travels a chain of partners without waiting for resyncs.
   */
  public void onEntriesArrived(Runnable listener) {
    entriesArrived = listener;
  }

  private void afterSession(SyncSession session) {
    node.afterSession(session);
    if (session.entriesReceived() > 0) {
      entriesArrived.run();
    }
  }

  private void serve(SessionStream stream) throws IOException {
    SyncSession session = node.respond(stream.remoteKey());
    try {
      OutputStream out = stream.outputStream();
      SyncStreamRunner.run(session, stream.inputStream(), out, node::nowEpochUs);
      out.close();
    } finally {
      PublicKey remote = stream.remoteKey();
      boolean learned =
          session.failure() == null
              && session.interest() != null
              && !node.directory().isPartner(remote);
      if (learned) {
        node.directory().putPartner(remote, "joined-" + remote.shortHex());
      }
      afterSession(session);
      if (learned) {
        partnerLearned.accept(remote);
      }
    }
  }

  /** Syncs one interest with {@code peer}; returns the finished session (check failure()). */
  public SyncSession sync(PublicKey peer, Interest interest) throws IOException {
    SessionStream stream;
    try {
      stream =
          sessions.dial(peer, SyncMessages.ALPN).get(dialTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted dialling " + peer.toHex(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot reach sync partner " + peer.toHex() + ": " + e, e);
    }
    SyncSession session = node.initiate(peer, interest, saltFor(peer));
    try (stream) {
      SyncStreamRunner.run(session, stream.inputStream(), stream.outputStream(), node::nowEpochUs);
      stream.outputStream().close();
      awaitResponderFinished(session, stream);
    } finally {
      afterSession(session);
    }
    return session;
  }

  /** The partner's current salt: fresh from {@code saltSource} once an hour. */
  private synchronized long saltFor(PublicKey peer) {
    long now = node.nowEpochUs();
    long[] held = salts.get(peer);
    if (held == null || now - held[1] >= SALT_LIFETIME_US || now < held[1]) {
      held = new long[] {saltSource.getAsLong(), now};
      salts.put(peer, held);
    }
    return held[0];
  }

  /**
   * Our last message (entries and DONE) is only written, not yet read: the responder sends its FIN
   * after it has committed them, so the session counts as done only once that FIN is read
   * (docs/SESSIONS.md "Closing a stream"). A node that exits right after a sync loses nothing.
   */
  private static void awaitResponderFinished(SyncSession session, SessionStream stream)
      throws IOException {
    if (session.failure() == null && stream.inputStream().read() != -1) {
      throw new IOException(
          "sync partner " + session.remoteKey().shortHex() + " sent more after DONE");
    }
  }

  /**
   * Syncs every namespace this node can read with {@code peer}. True if all succeeded; the
   * automatic sync ({@link SyncAgent}) retries with backoff otherwise.
   */
  public boolean syncAll(PublicKey peer) {
    boolean ok = true;
    for (SyncDirectory.NamespaceInfo ns : node.directory().namespaces()) {
      try {
        SyncSession s = sync(peer, node.interest(ns.namespace()));
        ok &= s.failure() == null;
      } catch (IOException e) {
        node.counters().syncsFailed.incrementAndGet();
        node.directory().recordSync(peer, node.nowEpochUs() / 1000, "failed: " + e.getMessage(), 0);
        return false;
      }
    }
    return ok;
  }

  /** Partners known to the directory, for wiring the agent at start-up. */
  public List<PublicKey> partners() {
    List<PublicKey> out = new ArrayList<>();
    node.directory().partners().forEach(p -> out.add(p.key()));
    return out;
  }
}
