package dev.conifer.transfer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.Blake3Test;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsProtocolTest;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BlobFetcherTest {
  static final int SIZE = 2 * 1024 * 1024 + 12345;
  static final BlobsConfig UNITS_OF_4 =
      new BlobsConfig(64, 64L << 20, 8, 4L * BlobTree.GROUP_LENGTH, 2, 3, 256 * 1024);

  @TempDir Path dir;
  final List<FileBlobStore> stores = new ArrayList<>();
  FakeHolders net;
  ExecutorService executor;
  byte[] content;
  BlobHash hash;

  @BeforeEach
  void setUp() {
    net = new FakeHolders();
    executor = Executors.newCachedThreadPool(FakeHolders.daemon());
    content = Blake3Test.pattern(SIZE);
  }

  @AfterEach
  void tearDown() throws IOException {
    net.close();
    executor.shutdownNow();
    for (FileBlobStore s : stores) {
      s.close();
    }
  }

  FileBlobStore store(String name) throws IOException {
    FileBlobStore s = new FileBlobStore(dir.resolve(name), () -> 0L, 256 * 1024);
    stores.add(s);
    return s;
  }

  /** A holder with a complete copy, serving over the fake network. */
  FileBlobStore holder(int n) throws IOException {
    FileBlobStore s = store("holder" + n);
    hash = s.put(new ByteArrayInputStream(content));
    net.add(FakeHolders.key(n), new BlobsServer(s, UNITS_OF_4));
    return s;
  }

  BlobFetcher fetcher(FileBlobStore local, BlobsConfig config) {
    return new BlobFetcher(local, net, config, System::nanoTime, executor);
  }

  void assertStoredIntact(FileBlobStore local) throws IOException {
    assertThat(local.has(hash)).isTrue();
    assertThat(Files.readAllBytes(local.dataFile(hash))).isEqualTo(content);
  }

  /** The first connection (the size probe) works; the second is cut halfway through the blob. */
  BlobConnector cutSecondConnectionHalfway() {
    int[] n = {0};
    return holder -> {
      synchronized (n) {
        if (++n[0] == 2) {
          net.cutNextAfter(holder, SIZE / 2);
        }
      }
      return net.connect(holder);
    };
  }

  @Test
  void fetchSpreadsAcrossThreeHolders() throws IOException {
    holder(1);
    holder(2);
    holder(3);
    FileBlobStore local = store("local");
    List<PublicKey> keys = List.of(FakeHolders.key(1), FakeHolders.key(2), FakeHolders.key(3));
    // Each worker takes its first unit, then connects; hold the connections until all three
    // workers are in, or one fast in-memory holder can finish this small blob before the other
    // workers' threads have even started.
    java.util.concurrent.CountDownLatch allIn = new java.util.concurrent.CountDownLatch(3);
    int[] connects = {0};
    BlobConnector gated =
        holder -> {
          BlobsClient c = net.connect(holder);
          synchronized (connects) {
            if (++connects[0] == 1) {
              return c; // the size probe
            }
          }
          allIn.countDown();
          try {
            allIn.await(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return c;
        };
    FetchResult r =
        new BlobFetcher(local, gated, UNITS_OF_4, System::nanoTime, executor)
            .fetch(hash, keys, null);
    assertStoredIntact(local);
    assertThat(r.size()).isEqualTo(SIZE);
    assertThat(r.groupsByHolder().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(BlobTree.groupCount(SIZE));
    assertThat(r.groupsByHolder().values()).allSatisfy(n -> assertThat(n).isPositive());
  }

  @Test
  void lyingHolderIsBannedAtItsFirstBadGroupAndTheFetchCompletesFromAnHonestOne()
      throws IOException {
    FileBlobStore liar = holder(1);
    holder(2);
    // Corrupt every group but the last, so any unit the liar serves fails at its first group.
    for (long g = 0; g < BlobTree.groupCount(SIZE) - 1; g++) {
      BlobsProtocolTest.corrupt(liar.dataFile(hash), BlobTree.groupOffset(g) + 5);
    }
    FileBlobStore local = store("local");
    FetchResult r =
        fetcher(local, UNITS_OF_4)
            .fetch(hash, List.of(FakeHolders.key(1), FakeHolders.key(2)), null);
    assertStoredIntact(local);
    assertThat(r.banned()).containsExactly(FakeHolders.key(1));
    assertThat(r.verificationFailureCount()).isEqualTo(1);
    // The liar's only accepted group is the (intact) last one it proved during the size probe.
    assertThat(r.groupsByHolder().get(FakeHolders.key(1))).isLessThanOrEqualTo(1L);
  }

  @Test
  void workerReconnectsAfterALinkCutMidTransfer() throws IOException {
    holder(1);
    FileBlobStore local = store("local");
    // First connection is the size probe, which completes; cut the second one mid-blob.
    BlobConnector cutting = cutSecondConnectionHalfway();
    FetchResult r =
        new BlobFetcher(local, cutting, UNITS_OF_4, System::nanoTime, executor)
            .fetch(hash, List.of(FakeHolders.key(1)), null);
    assertStoredIntact(local);
    assertThat(r.transportFailureCount()).isEqualTo(1);
  }

  @Test
  void fetchResumesAfterARestartFromWhatIsVerified() throws IOException {
    holder(1);
    Path localDir = dir.resolve("local");
    BlobsConfig oneTry =
        new BlobsConfig(64, 64L << 20, 8, 4L * BlobTree.GROUP_LENGTH, 2, 1, 64 * 1024);
    try (FileBlobStore first = new FileBlobStore(localDir, () -> 0L, 64 * 1024)) {
      BlobConnector cutting = cutSecondConnectionHalfway();
      assertThatThrownBy(
              () ->
                  new BlobFetcher(first, cutting, oneTry, System::nanoTime, executor)
                      .fetch(hash, List.of(FakeHolders.key(1)), null))
          .isInstanceOf(BlobsException.class);
    }
    FileBlobStore reopened = new FileBlobStore(localDir, () -> 0L, 64 * 1024);
    stores.add(reopened);
    BlobInfo partial = reopened.info(hash).orElseThrow();
    assertThat(partial.complete()).isFalse();
    assertThat(partial.present().count()).isGreaterThan(10);
    FetchResult r = fetcher(reopened, UNITS_OF_4).fetch(hash, List.of(FakeHolders.key(1)), null);
    assertStoredIntact(reopened);
    assertThat(r.resumedGroups()).isEqualTo(partial.present().count());
    assertThat(r.groupsByHolder().get(FakeHolders.key(1)))
        .isEqualTo(BlobTree.groupCount(SIZE) - partial.present().count());
  }

  @Test
  void fetchFailsCleanlyWhenNoHolderHasTheBlob() throws IOException {
    FileBlobStore other = store("other");
    other.put(new ByteArrayInputStream(new byte[] {1, 2, 3}));
    net.add(FakeHolders.key(1), new BlobsServer(other, UNITS_OF_4));
    FileBlobStore local = store("local");
    BlobHash missing = BlobHash.ofContent(content);
    assertThatThrownBy(
            () -> fetcher(local, UNITS_OF_4).fetch(missing, List.of(FakeHolders.key(1)), null))
        .isInstanceOfSatisfying(
            BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.NOT_FOUND));
    assertThat(local.info(missing)).isEmpty();
  }

  @Test
  void countersRecordEachFetchOutcomeByReasonAndHolderFailures() throws IOException {
    FileBlobStore liar = holder(1);
    holder(2);
    for (long g = 0; g < BlobTree.groupCount(SIZE) - 1; g++) {
      BlobsProtocolTest.corrupt(liar.dataFile(hash), BlobTree.groupOffset(g) + 5);
    }
    BlobCounters counters = new BlobCounters();
    BlobFetcher fetcher =
        new BlobFetcher(store("local"), net, UNITS_OF_4, System::nanoTime, executor, counters);

    fetcher.fetch(hash, List.of(FakeHolders.key(1), FakeHolders.key(2)), null);
    BlobHash missing = BlobHash.ofContent(new byte[] {9});
    assertThatThrownBy(() -> fetcher.fetch(missing, List.of(FakeHolders.key(2)), null))
        .isInstanceOf(BlobsException.class);

    assertThat(counters.fetchesCompleted.get()).isEqualTo(1);
    assertThat(counters.fetchesFailed(BlobsError.NOT_FOUND).get()).isEqualTo(1);
    assertThat(counters.holderVerificationFailures.get()).isEqualTo(1);
    assertThat(counters.groupsFetched.get()).isEqualTo(BlobTree.groupCount(SIZE));
  }
}
