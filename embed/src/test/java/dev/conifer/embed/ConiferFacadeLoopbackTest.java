package dev.conifer.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over loopback: two embedded nodes in one JVM, as an application would use them. */
class ConiferFacadeLoopbackTest {
  private static final Duration PEERING = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void aMessageSentByKeyArrivesWithItsSendersKey() throws Exception {
    try (Conifer alice = Conifer.builder().listen("tcp://127.0.0.1:0").start();
        Conifer bob = Conifer.builder().connect(alice.listening().get(0).toString()).start()) {
      assertThat(bob.awaitPeer(alice.publicKey(), PEERING)).isTrue();

      bob.send(alice.publicKey(), "hello alice".getBytes(StandardCharsets.UTF_8));

      Message message = alice.receive(PEERING).orElseThrow();
      assertThat(message.text()).isEqualTo("hello alice");
      assertThat(message.from()).isEqualTo(bob.publicKey());
      assertThat(alice.peers()).containsExactly(bob.publicKey());
      assertThat(counter(alice, "conifer.messages.received", "accepted")).isEqualTo(1);
      assertThat(counter(bob, "conifer.messages.sent", "accepted")).isEqualTo(1);
    }
  }

  @Test
  void aFullInboxRefusesTheSenderWhoIsTold() throws Exception {
    try (Conifer alice = Conifer.builder().listen("tcp://127.0.0.1:0").inboxCapacity(1).start();
        Conifer bob = Conifer.builder().connect(alice.listening().get(0).toString()).start()) {
      assertThat(bob.awaitPeer(alice.publicKey(), PEERING)).isTrue();
      bob.send(alice.publicKey(), new byte[] {1});

      assertThatThrownBy(() -> bob.send(alice.publicKey(), new byte[] {2}))
          .isInstanceOf(ConiferException.class)
          .hasMessageContaining("inbox is full");

      assertThat(counter(alice, "conifer.messages.received", "inbox_full")).isEqualTo(1);
      assertThat(counter(bob, "conifer.messages.sent", "refused")).isEqualTo(1);
      assertThat(alice.receive(PEERING).orElseThrow().bytes()).containsExactly(1);
    }
  }

  @Test
  void aMessageOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
    try (Conifer alone = Conifer.builder().start()) {
      PublicKey anyone = PublicKey.ofWords(1, 2, 3, 4);
      assertThatThrownBy(() -> alone.send(anyone, new byte[Conifer.MAX_MESSAGE_BYTES + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("larger than " + Conifer.MAX_MESSAGE_BYTES);
    }
  }

  @Test
  void aBlobAddedOnOneNodeIsFetchedVerifiedByTheOther() throws Exception {
    byte[] content = new byte[100_000];
    new java.util.Random(23).nextBytes(content);
    try (Conifer alice =
            Conifer.builder().listen("tcp://127.0.0.1:0").data(dir.resolve("alice")).start();
        Conifer bob =
            Conifer.builder()
                .connect(alice.listening().get(0).toString())
                .data(dir.resolve("bob"))
                .start()) {
      assertThat(bob.awaitPeer(alice.publicKey(), PEERING)).isTrue();
      BlobHash hash = alice.blobs().put(content);

      byte[] fetched = bob.blobs().fetch(hash, List.of(alice.publicKey()));

      assertThat(fetched).isEqualTo(content);
      assertThat(bob.blobs().has(hash)).isTrue();
    }
  }

  @Test
  void closeReleasesTheDataDirectoryAndTheKeyFileKeepsTheIdentity() {
    Path key = dir.resolve("node.key");
    PublicKey first;
    try (Conifer node = Conifer.builder().key(key).data(dir.resolve("data")).start()) {
      first = node.publicKey();
      assertThatThrownBy(() -> Conifer.builder().data(dir.resolve("data")).start())
          .isInstanceOf(ConiferException.class)
          .hasMessageContaining("data");
    }
    try (Conifer again = Conifer.builder().key(key).data(dir.resolve("data")).start()) {
      assertThat(again.publicKey()).isEqualTo(first);
      assertThat(again.sync().nodeKey()).isEqualTo(first);
    }
  }

  @Test
  void closeStopsEveryThreadTheNodeStarted() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Conifer node = Conifer.builder().listen("tcp://127.0.0.1:0").data(dir.resolve("d")).start();
    node.close();
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> !before.contains(t) && t.isAlive())
                            .map(Thread::getName)
                            .collect(Collectors.toList()))
                    .isEmpty());
  }

  @Test
  void withoutADataDirectoryBlobsAndSyncSaySoAndBadAddressesAreNamed() {
    try (Conifer node = Conifer.builder().start()) {
      assertThatThrownBy(node::blobs).hasMessageContaining("data directory");
      assertThatThrownBy(node::sync).hasMessageContaining("data directory");
    }
    assertThatThrownBy(() -> Conifer.builder().listen("gopher://x:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gopher");
    assertThatThrownBy(() -> Conifer.builder().connect("tcp://127.0.0.1:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port 0");
  }

  @Test
  void aKeyFileThatIsADirectoryIsRefused() throws Exception {
    Path notAFile = Files.createDirectory(dir.resolve("keys"));
    assertThatThrownBy(() -> Conifer.builder().key(notAFile).start())
        .isInstanceOf(ConiferException.class)
        .hasMessageContaining("is a directory");
  }

  private static double counter(Conifer node, String name, String outcome) {
    return node.meters().get(name).tag("outcome", outcome).counter().count();
  }
}
