package dev.conifer.transfer.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import dev.conifer.session.QuicAvailable;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobStreamer;
import dev.conifer.transfer.fetch.BlobStreamerTest;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.fetch.FetchCancel;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobsServer;
import dev.conifer.transfer.wire.SessionBlobs;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendezvous records between five routers linked in memory: a holder's record lands at the node
 * nearest to the hash, a third node finds the holder through {@link RendezvousIndex} and fetches
 * over real QUIC sessions; forged records are refused over the wire and records expire.
 */
@Tag("loopback")
@Timeout(90)
class RendezvousLoopbackTest {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final int FIRST = 51;
  static final int COUNT = 5;

  final TestOverlay overlay = new TestOverlay();
  final ExecutorService executor = Executors.newCachedThreadPool(FakeHolders.daemon());
  final AtomicLong nowMs = new AtomicLong(System.currentTimeMillis());
  final List<RendezvousService> services = new ArrayList<>();
  final List<FileBlobStore> stores = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    services.forEach(RendezvousService::close);
    executor.shutdownNow();
    overlay.close();
    for (FileBlobStore s : stores) {
      s.close();
    }
  }

  /** 51 - 52 - 53 - 54 - 55, plus 51 - 55: a ring, so no node is only a leaf. */
  List<Router> ring() {
    List<Router> r = overlay.chain(FIRST, COUNT);
    TestOverlay.link(r.get(0), r.get(COUNT - 1));
    for (int i = 0; i < COUNT; i++) {
      services.add(
          RendezvousService.start(
              r.get(i),
              TestOverlay.signer(FIRST + i),
              RendezvousConfig.defaults().withQueryTimeout(Duration.ofSeconds(2)),
              nowMs::get,
              new java.security.SecureRandom()::nextLong));
    }
    return r;
  }

  /**
   * Index of the node nearest to {@code key}: the smallest key at or above it, else the highest.
   */
  static int nearest(List<Router> routers, PublicKey key) {
    int best = -1;
    int highest = 0;
    for (int i = 0; i < routers.size(); i++) {
      PublicKey k = routers.get(i).publicKey();
      if (k.compareTo(routers.get(highest).publicKey()) > 0) {
        highest = i;
      }
      if (k.compareTo(key) >= 0 && (best < 0 || k.compareTo(routers.get(best).publicKey()) < 0)) {
        best = i;
      }
    }
    return best >= 0 ? best : highest;
  }

  /**
   * Publishes until the record is stored at the nearest node: before the snake settles, a PUT may
   * stop early, which is what periodic republishing is for.
   */
  void publishUntilStoredAtNearest(int holder, BlobHash hash, int nearest) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              services.get(holder).publish(hash);
              assertThat(services.get(nearest).store().lookup(hash, 16))
                  .extracting(RendezvousRecord::holder)
                  .contains(services.get(holder).publicKey());
            });
  }

  @Test
  void aThirdNodeFindsTheHolderThroughTheRecordAtTheNearestNodeAndFetches() throws Exception {
    QuicAvailable.assume();
    List<Router> r = ring();
    byte[] content = new byte[300_000];
    new Random(5).nextBytes(content);
    BlobHash hash = BlobHash.ofContent(content);
    int near = nearest(r, RendezvousService.keyOf(hash));
    int holder = (near + 1) % COUNT; // never the nearest node itself: the record must travel
    int fetcher = (near + 3) % COUNT;

    FileBlobStore holderStore = new FileBlobStore(dir.resolve("holder"), () -> 0L);
    stores.add(holderStore);
    assertThat(holderStore.put(new ByteArrayInputStream(content))).isEqualTo(hash);
    Sessions holderSessions =
        overlay.sessions(r.get(holder), FIRST + holder, SessionConfig.defaults());
    SessionBlobs.listen(holderSessions, new BlobsServer(holderStore, BlobsConfig.defaults()));
    Sessions fetcherSessions =
        overlay.sessions(r.get(fetcher), FIRST + fetcher, SessionConfig.defaults());

    publishUntilStoredAtNearest(holder, hash, near);

    HolderIndex index =
        HolderIndex.chain(
            List.of(HolderIndex.peers(List::of), new RendezvousIndex(services.get(fetcher))));
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> assertThat(index.holders(hash)).containsExactly(r.get(holder).publicKey()));
    assertThat(services.get(near).counters().queriesAnswered.get()).isPositive();

    FileBlobStore local = new FileBlobStore(dir.resolve("fetcher"), () -> 0L);
    stores.add(local);
    BlobStreamer doorway =
        new BlobStreamer(
            local,
            new SessionBlobs(fetcherSessions, Duration.ofSeconds(20)),
            index,
            BlobsConfig.defaults(),
            executor,
            8,
            Duration.ofSeconds(20),
            System::nanoTime);
    BlobStreamer.Source source = doorway.open(hash, new FetchCancel()).orElseThrow();
    assertThat(BlobStreamerTest.read(source, 0, content.length)).isEqualTo(content);
  }

  @Test
  void aForgedRecordSentOverTheOverlayIsRefusedAndRecordsExpire() throws Exception {
    List<Router> r = ring();
    BlobHash hash = BlobHash.ofContent(new byte[] {1, 2, 3});
    int near = nearest(r, RendezvousService.keyOf(hash));
    int holder = (near + 2) % COUNT;
    int forger = (near + 4) % COUNT;
    publishUntilStoredAtNearest(holder, hash, near);

    // The forger claims the holder's key with its own signature.
    RendezvousRecord mine =
        RendezvousRecord.sign(hash, TestOverlay.signer(FIRST + forger), nowMs.get() + 60_000);
    RendezvousRecord forged =
        new RendezvousRecord(
            hash, r.get(holder).publicKey(), mine.expiresAtMs() + 1, mine.signature());
    byte[] put = RendezvousMessage.encode(new RendezvousMessage.Put(forged));
    RendezvousCounters atNear = services.get(near).counters();
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              r.get(forger).send(RendezvousService.keyOf(hash), ByteBuffer.wrap(put));
              assertThat(atNear.rejectedSignature.get()).isPositive();
            });
    assertThat(services.get(near).store().lookup(hash, 16))
        .extracting(RendezvousRecord::expiresAtMs)
        .doesNotContain(forged.expiresAtMs());

    // A querier sees the real record until it expires, then nothing.
    int querier = (near + 1) % COUNT;
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () ->
                assertThat(services.get(querier).query(hash))
                    .extracting(RendezvousRecord::holder)
                    .containsExactly(r.get(holder).publicKey()));
    long answered = services.get(near).counters().queriesAnswered.get();
    nowMs.addAndGet(RendezvousConfig.defaults().recordTtl().toMillis());
    assertThat(services.get(querier).query(hash)).isEmpty();
    assertThat(services.get(near).counters().queriesAnswered.get()).isGreaterThan(answered);
    assertThat(services.get(near).store().size()).isZero();
  }

  @Test
  void aNodeThatJoinsNearerToTheHashTakesTheRecordOnTheNextRepublish() throws Exception {
    List<Router> r = ring();
    BlobHash hash = BlobHash.ofContent(new byte[] {4, 5, 6});
    int near = nearest(r, RendezvousService.keyOf(hash));
    int holder = (near + 2) % COUNT;
    int querier = (near + 3) % COUNT;
    publishUntilStoredAtNearest(holder, hash, near);

    int joiner = joinerNearerThan(r, hash);
    Router newcomer = overlay.router(joiner);
    TestOverlay.link(newcomer, r.get(0));
    TestOverlay.link(newcomer, r.get(2));
    services.add(
        RendezvousService.start(
            newcomer,
            TestOverlay.signer(joiner),
            RendezvousConfig.defaults(),
            nowMs::get,
            new java.security.SecureRandom()::nextLong));
    List<Router> all = new ArrayList<>(r);
    all.add(newcomer);
    assertThat(nearest(all, RendezvousService.keyOf(hash))).isEqualTo(COUNT);

    publishUntilStoredAtNearest(holder, hash, COUNT);
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () ->
                assertThat(services.get(querier).query(hash))
                    .extracting(RendezvousRecord::holder)
                    .containsExactly(r.get(holder).publicKey()));
    assertThat(services.get(COUNT).counters().queriesAnswered.get()).isPositive();
  }

  /** A signer number whose key would be nearer to {@code hash} than every router's in {@code r}. */
  static int joinerNearerThan(List<Router> r, BlobHash hash) {
    PublicKey target = RendezvousService.keyOf(hash);
    for (int n = 100; n < 127; n++) {
      PublicKey candidate = TestOverlay.signer(n).publicKey();
      boolean aboveAll = r.stream().allMatch(x -> x.publicKey().compareTo(target) < 0);
      PublicKey current = r.get(nearest(r, target)).publicKey();
      boolean nearer =
          aboveAll
              ? candidate.compareTo(current) > 0
              : candidate.compareTo(target) >= 0 && candidate.compareTo(current) < 0;
      if (nearer) {
        return n;
      }
    }
    throw new AssertionError("no signer 100..126 is nearer to " + hash + "; pick another hash");
  }
}
