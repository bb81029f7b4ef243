package dev.conifer.sync.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fetches through sync's content view: concurrent fetches of one blob share one run. */
@Timeout(60)
class BlobStoreContentFetchTest {
  static final PublicKey HOLDER = FakeHolders.key(1);

  @TempDir Path dir;
  final FakeHolders net = new FakeHolders();
  final GatedConnector gate = new GatedConnector(net);
  final BlobCounters counters = new BlobCounters();
  final ExecutorService workers = Executors.newCachedThreadPool(FakeHolders.daemon());
  FileBlobStore holderStore;
  FileBlobStore localStore;
  BlobStoreContent content;

  @BeforeEach
  void setUp() throws IOException {
    holderStore = new FileBlobStore(dir.resolve("holder"), () -> 0L);
    localStore = new FileBlobStore(dir.resolve("local"), () -> 0L);
    net.add(HOLDER, new BlobsServer(holderStore, BlobsConfig.defaults()));
    BlobFetcher fetcher =
        new BlobFetcher(
            localStore, gate, BlobsConfig.defaults(), System::nanoTime, workers, counters);
    content = new BlobStoreContent(localStore, fetcher);
  }

  @AfterEach
  void tearDown() throws IOException {
    gate.open.countDown();
    net.close();
    workers.shutdownNow();
    holderStore.close();
    localStore.close();
  }

  @Test
  void twoConcurrentFetchesOfOneSlowBlobBothSucceedWithOneNetworkFetch() throws Exception {
    byte[] value = new byte[300_000];
    new Random(11).nextBytes(value);
    byte[] hash = holderStore.put(new ByteArrayInputStream(value)).bytes();

    Fetch eager = startFetch(hash, value.length);
    await().atMost(Duration.ofSeconds(20)).until(() -> gate.waiting.get() == 1);
    // The second fetch (a `sync get`) starts while the first is still held at the holder, and
    // waits: on the first (shared) or at the holder (a second run).
    Fetch get = startFetch(hash, value.length);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get.thread().getState() == Thread.State.WAITING);
    gate.open.countDown();

    assertThat(eager.result().get(20, TimeUnit.SECONDS)).isTrue();
    assertThat(get.result().get(20, TimeUnit.SECONDS)).isTrue();
    assertThat(content.get(hash)).isEqualTo(value);
    assertThat(counters.fetchesCompleted.get()).as("network fetches").isEqualTo(1);
    assertThat(Arrays.stream(BlobsError.values()).mapToLong(e -> counters.fetchesFailed(e).get()))
        .as("failed fetches")
        .allMatch(n -> n == 0);
    assertThat(content.fetchesShared()).isEqualTo(1);
  }

  @Test
  void aFailedFetchIsFalseAndTheNextFetchRunsAgain() throws Exception {
    gate.open.countDown();
    byte[] missing = BlobHash.of(new byte[32]).bytes();

    assertThat(content.fetch(HOLDER, missing, 10)).isFalse();
    assertThat(content.fetch(HOLDER, missing, 10)).isFalse();

    assertThat(counters.fetchesFailed(BlobsError.NOT_FOUND).get()).isEqualTo(2);
    assertThat(content.fetchesShared()).isZero();
  }

  record Fetch(Thread thread, FutureTask<Boolean> result) {}

  private Fetch startFetch(byte[] hash, long length) {
    FutureTask<Boolean> result = new FutureTask<>(() -> content.fetch(HOLDER, hash, length));
    Thread thread = new Thread(result, "fetch");
    thread.setDaemon(true);
    thread.start();
    return new Fetch(thread, result);
  }

  /** Holds every connection until {@link #open} (a holder that serves slowly). */
  static final class GatedConnector implements BlobConnector {
    final BlobConnector inner;
    final CountDownLatch open = new CountDownLatch(1);
    final AtomicInteger waiting = new AtomicInteger();

    GatedConnector(BlobConnector inner) {
      this.inner = inner;
    }

    @Override
    public BlobsClient connect(PublicKey holder) throws IOException {
      waiting.incrementAndGet();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("connect interrupted");
      } finally {
        waiting.decrementAndGet();
      }
      return inner.connect(holder);
    }
  }
}
