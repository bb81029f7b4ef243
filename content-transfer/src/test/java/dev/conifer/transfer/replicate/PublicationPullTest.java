package dev.conifer.transfer.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobsServer;
import dev.conifer.transfer.wire.PublicationSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publication lists: signed pages, pulled page by page from the publisher or from a holder that
 * kept them, with no limit on the number of blobs (the old 256-pin ANNOUNCE limit is gone).
 */
@Timeout(60)
class PublicationPullTest {
  @TempDir Path dir;
  private final FakeHolders holders = new FakeHolders();

  @AfterEach
  void close() {
    holders.close();
  }

  static Signer signer(int seed) {
    byte[] s = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(s, (byte) seed);
    return Ed25519.signerFromSeed(s);
  }

  static List<Replicator.Announced> entries(int n) {
    List<Replicator.Announced> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] content = ("blob " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.add(new Replicator.Announced(BlobHash.ofContent(content), content.length));
    }
    return out;
  }

  /** A node serving {@code lists} (and no blobs) under {@code key}. */
  private void serve(PublicKey key, PublicationSource lists, String name) throws IOException {
    BlobsServer server =
        new BlobsServer(
            new FileBlobStore(dir.resolve(name), System::currentTimeMillis),
            BlobsConfig.defaults());
    server.onList(lists);
    holders.add(key, server);
  }

  @Test
  void tenThousandBlobsArePulledInVerifiedPagesFromAHolderWhileThePublisherIsAway()
      throws Exception {
    Signer laptop = signer(7);
    Publication list =
        Publication.build(laptop, 42, NodeRole.LAPTOP, List.of("home"), entries(10_000));
    assertThat(list.pages()).hasSize(40); // 10,000 / 256, rounded up

    // The always-on node kept the laptop's signed pages; the laptop itself is unreachable.
    PublicationStore kept = new PublicationStore(dir.resolve("kept"), new ArrayList<>());
    kept.put(list);
    PublicKey rack = FakeHolders.key(9);
    serve(rack, kept, "rack");

    PublicationPuller.Outcome got =
        new PublicationPuller(holders)
            .pull(laptop.publicKey(), List.of(laptop.publicKey(), rack), -1);

    assertThat(got.from()).isEqualTo(rack);
    assertThat(got.skipped()).singleElement().asString().contains("no route");
    assertThat(got.publication().entries()).isEqualTo(list.entries());
    assertThat(got.publication().version()).isEqualTo(42);
    assertThat(got.publication().clusters()).containsExactly("home");

    // A replicator with room for all of them plans every one: no count limit anywhere.
    try (FileBlobStore store = new FileBlobStore(dir.resolve("phone"), System::currentTimeMillis)) {
      Replicator phone =
          new Replicator(
              store, List.of(new TrustRule(laptop.publicKey(), Tier.RECIPROCAL, 1L << 30)));
      assertThat(phone.handleAnnouncement(laptop.publicKey(), got.publication().entries()))
          .hasSize(10_000);
    }

    // Asking again with the version we have costs one page and changes nothing.
    PublicationPuller.Outcome again =
        new PublicationPuller(holders).pull(laptop.publicKey(), List.of(rack), 42);
    assertThat(again.changed()).isFalse();
  }

  @Test
  void aHolderWithAStaleCopyDoesNotHideTheNewerVersionAtThePublisherOrAnotherHolder()
      throws Exception {
    Signer laptop = signer(7);
    PublicationStore stale = new PublicationStore(dir.resolve("stale"), new ArrayList<>());
    stale.put(Publication.build(laptop, 1, NodeRole.LAPTOP, List.of(), entries(1)));
    PublicationStore fresh = new PublicationStore(dir.resolve("fresh"), new ArrayList<>());
    fresh.put(Publication.build(laptop, 2, NodeRole.LAPTOP, List.of(), entries(2)));
    PublicKey rack1 = FakeHolders.key(12);
    PublicKey rack2 = FakeHolders.key(13);
    serve(rack1, stale, "rack1");
    serve(rack2, fresh, "rack2");
    serve(laptop.publicKey(), fresh, "laptop");

    // The publisher answers first when it is online, though a holder ranks before it.
    PublicationPuller.Outcome online =
        new PublicationPuller(holders)
            .pull(laptop.publicKey(), List.of(rack1, laptop.publicKey()), 1);
    assertThat(online.from()).isEqualTo(laptop.publicKey());
    assertThat(online.publication().version()).isEqualTo(2);

    // Offline, every holder is asked for its version and the newest is pulled.
    PublicationPuller.Outcome offline =
        new PublicationPuller(holders).pull(laptop.publicKey(), List.of(rack1, rack2), 1);
    assertThat(offline.from()).isEqualTo(rack2);
    assertThat(offline.publication().entries()).hasSize(2);
  }

  @Test
  void anOfflinePublisherWhoseDialHangsDoesNotDelayItsHolders() throws Exception {
    Signer laptop = signer(7);
    PublicationStore kept = new PublicationStore(dir.resolve("kept"), new ArrayList<>());
    kept.put(Publication.build(laptop, 9, NodeRole.LAPTOP, List.of(), entries(3)));
    PublicKey rack = FakeHolders.key(14);
    serve(rack, kept, "rack");
    // Dialling the laptop hangs (as a session dial does until its 20 s timeout) until the test
    // ends.
    java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    dev.conifer.transfer.wire.BlobConnector hanging =
        key -> {
          if (key.equals(laptop.publicKey())) {
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IOException("dial timed out");
          }
          return holders.connect(key);
        };
    var pool = java.util.concurrent.Executors.newCachedThreadPool(FakeHolders.daemon());
    try {
      long start = System.nanoTime();
      PublicationPuller.Outcome got =
          new PublicationPuller(hanging, pool, java.time.Duration.ofMillis(300))
              .pull(laptop.publicKey(), List.of(laptop.publicKey(), rack), -1);
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(got.from()).isEqualTo(rack);
      assertThat(got.publication().version()).isEqualTo(9);
      assertThat(got.unreachable()).as("left out of the blob fetch").contains(laptop.publicKey());
      assertThat(millis).as("ms until the holder's list was used").isLessThan(5_000);
    } finally {
      released.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aNodeServedPageZeroIsRememberedAndANoticeReachesTheListenerWhileBadOnesAreRefused()
      throws Exception {
    Signer laptop = signer(7);
    PublicationStore kept = new PublicationStore(dir.resolve("kept"), new ArrayList<>());
    kept.put(Publication.build(laptop, 3, NodeRole.LAPTOP, List.of(), entries(1)));
    PublicKey rack = FakeHolders.key(15);
    BlobsServer server =
        new BlobsServer(
            new FileBlobStore(dir.resolve("rack"), System::currentTimeMillis),
            BlobsConfig.defaults());
    server.onList(kept);
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.onListEvents(
        new PublicationSource.Listener() {
          @Override
          public void asked(PublicKey remote, PublicKey publisher, int page) {
            events.add("asked " + publisher.shortHex() + " page " + page);
          }

          @Override
          public void notice(PublicKey remote, PublicKey publisher, long version) {
            events.add("notice " + publisher.shortHex() + " version " + version);
          }
        });
    holders.add(rack, server);

    try (var client = holders.connect(rack)) {
      client.listPage(laptop.publicKey(), 0);
      client.notice(laptop.publicKey(), 4);
      // A notice with a negative version is refused and the stream stays usable.
      assertThatThrownBy(() -> client.notice(laptop.publicKey(), -1))
          .isInstanceOf(BlobsException.class)
          .hasMessageContaining("NOTICE version is negative");
      client.notice(laptop.publicKey(), 5);
    }
    String k = laptop.publicKey().shortHex();
    assertThat(events)
        .containsExactly(
            "asked " + k + " page 0", "notice " + k + " version 4", "notice " + k + " version 5");
  }

  @Test
  void aHolderServingPagesThePublisherDidNotSignIsSkippedAndCounted() throws Exception {
    Signer laptop = signer(7);
    Signer forger = signer(8);
    Publication real = Publication.build(laptop, 5, NodeRole.LAPTOP, List.of(), entries(300));
    Publication forged = Publication.build(forger, 6, NodeRole.LAPTOP, List.of(), entries(3));
    PublicKey liar = FakeHolders.key(10);
    PublicKey honest = FakeHolders.key(11);
    // The liar answers for the laptop with pages signed by another key.
    serve(liar, (key, page) -> Optional.of(forged.pages().get(0).encoded()), "liar");
    PublicationStore kept = new PublicationStore(dir.resolve("kept"), new ArrayList<>());
    kept.put(real);
    serve(honest, kept, "honest");

    PublicationPuller.Outcome got =
        new PublicationPuller(holders).pull(laptop.publicKey(), List.of(liar, honest), -1);

    assertThat(got.from()).isEqualTo(honest);
    assertThat(got.badLists()).isEqualTo(1);
    assertThat(got.publication().entries()).hasSize(300);
  }

  @Test
  void aTamperedPageFailsItsSignatureAndNoHolderMeansANamedFailure() throws Exception {
    Signer laptop = signer(7);
    Publication list = Publication.build(laptop, 1, NodeRole.PHONE, List.of(), entries(2));
    byte[] page = list.pages().get(0).encoded().clone();
    page[page.length - 65] ^= 1; // the last entry's size
    assertThatThrownBy(() -> PublicationPage.verify(page, Ed25519.VERIFIER))
        .isInstanceOf(BlobsException.class)
        .hasMessageContaining("not signed by");
    assertThatThrownBy(
            () ->
                new PublicationPuller(holders)
                    .pull(laptop.publicKey(), List.of(laptop.publicKey()), -1))
        .isInstanceOf(BlobsException.class)
        .hasMessageContaining("cannot pull the list of " + laptop.publicKey().shortHex())
        .hasMessageContaining("no route");
  }

  @Test
  void keptListsSurviveAReopenAndOnlyNewerVersionsReplaceThem() throws Exception {
    Signer laptop = signer(7);
    Path kept = dir.resolve("kept");
    PublicationStore store = new PublicationStore(kept, new ArrayList<>());
    assertThat(store.put(Publication.build(laptop, 3, NodeRole.LAPTOP, List.of(), entries(600))))
        .isTrue();
    assertThat(store.put(Publication.build(laptop, 2, NodeRole.LAPTOP, List.of(), entries(1))))
        .isFalse();
    List<String> damaged = new ArrayList<>();
    PublicationStore reopened = new PublicationStore(kept, damaged);
    assertThat(damaged).isEmpty();
    assertThat(reopened.get(laptop.publicKey()).orElseThrow().entries()).hasSize(600);
    assertThat(reopened.page(laptop.publicKey(), 2)).isPresent();
    assertThat(reopened.page(laptop.publicKey(), 3)).isEmpty();
  }
}
