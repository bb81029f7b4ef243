package dev.conifer.transfer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.hash.Blake3Test;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
public class BlobStreamerTest {
  private static final long SEED = Long.getLong("transfer.seed", 0x5eed);

  @TempDir Path dir;
  FileBlobStore remote;
  FileBlobStore local;
  FakeHolders net;
  ExecutorService probes;
  BlobStreamer streamer;
  byte[] content = Blake3Test.pattern(1_000_000); // 62 groups
  BlobHash hash;

  @BeforeEach
  void setUp() throws IOException {
    remote = new FileBlobStore(dir.resolve("remote"), () -> 0L);
    local = new FileBlobStore(dir.resolve("local"), () -> 0L);
    hash = remote.put(new ByteArrayInputStream(content));
    net = new FakeHolders();
    net.add(FakeHolders.key(9), new BlobsServer(remote, BlobsConfig.defaults()));
    net.add(FakeHolders.key(8), new BlobsServer(remote, BlobsConfig.defaults()));
    probes = Executors.newFixedThreadPool(4, FakeHolders.daemon());
    streamer = streamer(List.of(FakeHolders.key(9), FakeHolders.key(8)));
  }

  private BlobStreamer streamer(List<dev.conifer.snek.wire.PublicKey> holders) {
    return new BlobStreamer(
        local,
        net,
        HolderIndex.peers(() -> holders),
        BlobsConfig.defaults(),
        probes,
        8,
        Duration.ofSeconds(10),
        System::nanoTime);
  }

  @AfterEach
  void tearDown() throws IOException {
    net.close();
    probes.shutdownNow();
    remote.close();
    local.close();
  }

  public static byte[] read(BlobStreamer.Source s, long from, long to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.read(from, to, out::write, new FetchCancel());
    return out.toByteArray();
  }

  @Test
  void openingARemoteBlobProvesItsSizeWithoutStreamingIt() throws IOException {
    try (BlobStreamer.Source s = streamer.open(hash, new FetchCancel()).orElseThrow()) {
      assertThat(s.size()).isEqualTo(content.length);
      assertThat(s.local()).isFalse();
    }
    assertThat(streamer.counters().groupsStreamed.get()).isZero();
    assertThat(streamer.counters().probesProved.get()).isEqualTo(1);
    assertThat(local.info(hash)).isEmpty(); // a doorway passes bytes through, it stores nothing
  }

  @Test
  void aBlobOpenedAgainReusesItsProvenSizeAndHolders() throws IOException {
    streamer.open(hash, new FetchCancel()).orElseThrow().close();
    long probes = streamer.counters().probesProved.get();
    try (BlobStreamer.Source s = streamer.open(hash, new FetchCancel()).orElseThrow()) {
      assertThat(s.size()).isEqualTo(content.length);
      assertThat(read(s, 0, 10)).isEqualTo(Arrays.copyOfRange(content, 0, 10));
    }
    assertThat(streamer.counters().probesProved.get()).isEqualTo(probes);
    streamer.forget(hash);
    streamer.open(hash, new FetchCancel()).orElseThrow().close();
    assertThat(streamer.counters().probesProved.get()).isGreaterThan(probes);
  }

  @Test
  void aSmallRangeOfARemoteBlobFetchesOnlyTheGroupsItNeeds() throws IOException {
    try (BlobStreamer.Source s = streamer.open(hash, new FetchCancel()).orElseThrow()) {
      assertThat(read(s, 500_000, 500_100))
          .isEqualTo(Arrays.copyOfRange(content, 500_000, 500_100));
    }
    assertThat(streamer.counters().groupsStreamed.get()).isEqualTo(1);
  }

  @Test
  void everyRangeReadsExactlyTheContentProperty() throws IOException {
    Random random = new Random(SEED);
    try (BlobStreamer.Source s = streamer.open(hash, new FetchCancel()).orElseThrow()) {
      for (int i = 0; i < 40; i++) {
        int from = random.nextInt(content.length + 1);
        int to = from + random.nextInt(content.length - from + 1);
        assertThat(read(s, from, to))
            .as("range [%d, %d), seed %d", from, to, SEED)
            .isEqualTo(Arrays.copyOfRange(content, from, to));
      }
    }
  }

  @Test
  void aStreamThatBreaksMidwayResumesFromTheFirstGroupNotHandedOn() throws IOException {
    BlobStreamer one = streamer(List.of(FakeHolders.key(9))); // no other probe takes the cut
    try (BlobStreamer.Source s = one.open(hash, new FetchCancel()).orElseThrow()) {
      net.cutNextAfter(FakeHolders.key(9), 300_000);
      assertThat(read(s, 0, content.length)).isEqualTo(content);
    }
    assertThat(one.counters().holderFailures.get()).isEqualTo(1);
    assertThat(one.counters().groupsStreamed.get())
        .as("no group handed on twice")
        .isEqualTo(BlobTree.groupCount(content.length));
  }

  @Test
  void aReaderThatGoesAwayCancelsTheRead() throws IOException {
    FetchCancel cancel = new FetchCancel();
    try (BlobStreamer.Source s = streamer.open(hash, cancel).orElseThrow()) {
      assertThatThrownBy(
              () ->
                  s.read(
                      0,
                      content.length,
                      (b, o, n) -> {
                        cancel.cancel();
                        throw new IOException("client went away");
                      },
                      cancel))
          .isInstanceOf(IOException.class);
    }
    assertThat(streamer.counters().cancelled.get()).isEqualTo(1);
    assertThat(streamer.counters().groupsStreamed.get()).isLessThan(content.length / 16384);
  }

  @Test
  void aLocalBlobIsReadFromTheStore() throws IOException {
    local.put(new ByteArrayInputStream(content));
    try (BlobStreamer.Source s = streamer.open(hash, new FetchCancel()).orElseThrow()) {
      assertThat(s.local()).isTrue();
      assertThat(read(s, 10, 20)).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    }
    assertThat(streamer.counters().probes.get()).isZero();
  }

  @Test
  void aBlobNoHolderHasIsNotFoundAndADeadHolderDoesNotDelayALiveOne() throws IOException {
    BlobHash unknown = BlobHash.ofContent(new byte[] {1});
    assertThat(streamer.open(unknown, new FetchCancel())).isEmpty();
    BlobStreamer withDead = streamer(List.of(FakeHolders.key(7), FakeHolders.key(8)));
    assertThat(withDead.open(hash, new FetchCancel())).isPresent();
  }
}
