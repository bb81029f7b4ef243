package dev.conifer.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.router.Router;
import dev.conifer.session.QuicAvailable;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.BlobStreamer;
import dev.conifer.transfer.fetch.BlobStreamerTest;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.fetch.FetchCancel;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** conifer-blobs/1 over real QUIC sessions between routers linked in memory. */
@Tag("quic")
@Timeout(90)
class SessionBlobsLoopbackTest {
  final TestOverlay overlay = new TestOverlay();
  final ExecutorService executor = Executors.newCachedThreadPool(FakeHolders.daemon());
  final List<FileBlobStore> holderStores = new java.util.ArrayList<>();
  @TempDir Path dir;

  @BeforeEach
  void quic() {
    QuicAvailable.assume();
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
    overlay.close();
    for (FileBlobStore s : holderStores) {
      try {
        s.close();
      } catch (java.io.IOException e) {
        // best effort
      }
    }
  }

  @Test
  void fetchesFromTwoHoldersThroughARelayOverSessions() throws Exception {
    // 1 (fetcher) - 2 (relay) - 3 (holder) - 4 (holder)
    List<Router> r = overlay.chain(1, 4);
    Sessions fetcherSessions = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);
    BlobHash hash = null;
    for (int n : new int[] {3, 4}) {
      Sessions s = overlay.sessions(r.get(n - 1), n, SessionConfig.defaults());
      FileBlobStore holderStore = new FileBlobStore(dir.resolve("h" + n), () -> 0L);
      holderStores.add(holderStore);
      hash = holderStore.put(new ByteArrayInputStream(content));
      SessionBlobs.listen(s, new BlobsServer(holderStore, BlobsConfig.defaults()));
    }
    try (FileBlobStore local = new FileBlobStore(dir.resolve("local"), () -> 0L)) {
      BlobFetcher fetcher =
          new BlobFetcher(
              local,
              new SessionBlobs(fetcherSessions, Duration.ofSeconds(20)),
              BlobsConfig.defaults(),
              System::nanoTime,
              executor);
      long t0 = System.nanoTime();
      FetchResult result =
          fetcher.fetch(hash, List.of(r.get(2).publicKey(), r.get(3).publicKey()), null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "fetched %d bytes over sessions in %.2f s (%.1f MiB/s), groups by holder %s%n",
          content.length, seconds, content.length / seconds / (1 << 20), result.groupsByHolder());
      assertThat(local.has(hash)).isTrue();
      assertThat(Files.readAllBytes(local.dataFile(hash))).isEqualTo(content);
    }
  }

  @Test
  void doorwayServesABlobHeldOnlyByANodeTwoHopsAway() throws Exception {
    // 1 (doorway) - 2 (relay) - 3 (holder)
    List<Router> r = overlay.chain(11, 3);
    Sessions doorwaySessions = overlay.sessions(r.get(0), 11, SessionConfig.defaults());
    Sessions holderSessions = overlay.sessions(r.get(2), 13, SessionConfig.defaults());
    FileBlobStore holderStore = new FileBlobStore(dir.resolve("holder"), () -> 0L);
    holderStores.add(holderStore);
    byte[] content = new byte[200_000];
    new Random(3).nextBytes(content);
    BlobHash hash = holderStore.put(new ByteArrayInputStream(content));
    SessionBlobs.listen(holderSessions, new BlobsServer(holderStore, BlobsConfig.defaults()));
    try (FileBlobStore local = new FileBlobStore(dir.resolve("doorway"), () -> 0L)) {
      BlobStreamer doorway =
          new BlobStreamer(
              local,
              new SessionBlobs(doorwaySessions, Duration.ofSeconds(20)),
              HolderIndex.peers(() -> List.of(r.get(2).publicKey())),
              BlobsConfig.defaults(),
              executor,
              8,
              Duration.ofSeconds(20),
              System::nanoTime);
      BlobStreamer.Source source = doorway.open(hash, new FetchCancel()).orElseThrow();
      assertThat(source.size()).isEqualTo(content.length);
      assertThat(BlobStreamerTest.read(source, 1000, 2000))
          .isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 2000));
    }
  }
}
