package dev.conifer.transfer.rendezvous;

import dev.conifer.router.Router;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Rendezvous records over the overlay (CONTENT.md, "Rendezvous records"): holders PUT a signed
 * record to the blob hash read as a key, SNEK's nearest delivery lands it at the node whose key is
 * nearest to the hash, and a querier asks that same node with a QUERY and waits, with a deadline,
 * for the ANSWER sent back to its own key. Every node both stores and asks.
 *
 * <p>Messages arrive on the router thread and are only copied there; decoding, signature checks and
 * replies run on one service thread behind a bounded inbox, which drops and counts when full.
 */
public final class RendezvousService implements AutoCloseable {
  private record Pending(BlobHash hash, CompletableFuture<List<RendezvousRecord>> answer) {}

  private final Router router;
  private final Signer signer;
  private final RendezvousConfig config;
  private final LongSupplier epochMs;
  private final RendezvousCounters counters = new RendezvousCounters();
  private final RendezvousStore store;
  private final ThreadPoolExecutor inbox;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final LongSupplier ids;

  private RendezvousService(
      Router router,
      Signer signer,
      RendezvousConfig config,
      LongSupplier epochMs,
      LongSupplier requestIds) {
    this.router = router;
    this.ids = requestIds;
    this.signer = signer;
    this.config = config;
    this.epochMs = epochMs;
    this.store = new RendezvousStore(config, Ed25519.VERIFIER, epochMs, counters);
    this.inbox =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.inboxMax()),
            r -> {
              Thread t = new Thread(r, "conifer-rendezvous");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts the service on {@code router}, which must be the one {@code signer}'s key runs; it takes
   * the router's rendezvous receiver slot (the session receiver is untouched). {@code requestIds}
   * gives lookup ids that others must not guess (the node passes a {@code SecureRandom}'s).
   */
  public static RendezvousService start(
      Router router,
      Signer signer,
      RendezvousConfig config,
      LongSupplier epochMs,
      LongSupplier requestIds) {
    if (!router.publicKey().equals(signer.publicKey())) {
      throw new IllegalArgumentException("the signer is not the router's key");
    }
    RendezvousService service = new RendezvousService(router, signer, config, epochMs, requestIds);
    router.setRendezvousReceiver(service::onRendezvous);
    return service;
  }

  /** The overlay key a blob's records live nearest to: the hash itself. */
  public static PublicKey keyOf(BlobHash hash) {
    return PublicKey.of(hash.bytes());
  }

  /** Signs and sends a record saying this node holds {@code hash}; false if the router refused. */
  public boolean publish(BlobHash hash) {
    long expiresAtMs = epochMs.getAsLong() + config.recordTtl().toMillis();
    RendezvousRecord record = RendezvousRecord.sign(hash, signer, expiresAtMs);
    boolean sent = send(keyOf(hash), new RendezvousMessage.Put(record));
    (sent ? counters.published : counters.publishRefused).incrementAndGet();
    return sent;
  }

  /** Publishes each hash; returns how many the router accepted. */
  public int publishAll(Collection<BlobHash> hashes) {
    int sent = 0;
    for (BlobHash h : hashes) {
      if (publish(h)) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * Asks the node nearest to {@code hash} for its records and waits up to the configured timeout.
   * Returns the records whose signatures check and that have not expired, latest expiry first;
   * empty if none, or if no answer came in time (counted).
   */
  public List<RendezvousRecord> query(BlobHash hash) throws InterruptedException {
    long id = ids.getAsLong();
    CompletableFuture<List<RendezvousRecord>> answer = new CompletableFuture<>();
    pending.put(id, new Pending(hash, answer));
    try {
      counters.queriesSent.incrementAndGet();
      if (!send(keyOf(hash), new RendezvousMessage.Query(hash, id))) {
        return List.of();
      }
      return answer.get(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      counters.queriesTimedOut.incrementAndGet();
      return List.of();
    } catch (ExecutionException e) {
      return List.of(); // the service closed while waiting
    } finally {
      pending.remove(id);
    }
  }

  private boolean send(PublicKey destination, RendezvousMessage message) {
    return router.send(destination, ByteBuffer.wrap(RendezvousMessage.encode(message)));
  }

  /** On the router thread: copy and hand over, never block. */
  private void onRendezvous(PublicKey source, PublicKey destination, ByteBuffer payload) {
    byte[] copy = new byte[payload.remaining()];
    payload.duplicate().get(copy);
    try {
      inbox.execute(() -> handle(source, destination, copy));
    } catch (RejectedExecutionException e) {
      counters.inboxDrops.incrementAndGet();
    }
  }

  void handle(PublicKey source, PublicKey destination, byte[] payload) {
    RendezvousMessage message;
    try {
      message = RendezvousMessage.decode(ByteBuffer.wrap(payload));
    } catch (RendezvousMessage.MalformedException e) {
      counters.malformed.incrementAndGet();
      return;
    }
    if (message instanceof RendezvousMessage.Put p) {
      if (!destination.equals(keyOf(p.record().hash()))) {
        counters.rejectedMisaddressed.incrementAndGet(); // only the hash's nearest node stores it
        return;
      }
      store.put(p.record());
    } else if (message instanceof RendezvousMessage.Query q) {
      if (!destination.equals(keyOf(q.hash()))) {
        counters.rejectedMisaddressed.incrementAndGet();
        return;
      }
      List<RendezvousRecord> records = store.lookup(q.hash(), RendezvousMessage.ANSWER_RECORDS_MAX);
      if (send(source, new RendezvousMessage.Answer(q.hash(), q.id(), records))) {
        counters.queriesAnswered.incrementAndGet();
      }
    } else {
      onAnswer(destination, (RendezvousMessage.Answer) message);
    }
  }

  private void onAnswer(PublicKey destination, RendezvousMessage.Answer answer) {
    Pending p = pending.get(answer.id());
    if (!destination.equals(router.publicKey()) || p == null || !p.hash().equals(answer.hash())) {
      counters.answersUnmatched.incrementAndGet();
      return;
    }
    long now = epochMs.getAsLong();
    List<RendezvousRecord> good = new ArrayList<>();
    for (RendezvousRecord r : answer.records()) {
      if (r.expiresAtMs() > now && r.verify(Ed25519.VERIFIER)) {
        good.add(r);
      } else {
        counters.answerRecordsRejected.incrementAndGet();
      }
    }
    p.answer().complete(List.copyOf(good));
  }

  public RendezvousStore store() {
    return store;
  }

  public RendezvousCounters counters() {
    return counters;
  }

  public RendezvousConfig config() {
    return config;
  }

  public PublicKey publicKey() {
    return router.publicKey();
  }

  /** Gives the receiver slot back and fails pending queries (they return empty). */
  @Override
  public void close() {
    router.setRendezvousReceiver(null);
    inbox.shutdownNow();
    for (Pending p : pending.values()) {
      p.answer().completeExceptionally(new IllegalStateException("rendezvous service closed"));
    }
  }
}
