package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.RendezvousTag;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tagged payloads reach the rendezvous slot (at the node nearest to their key, or at their
 * addressee), never the ordinary receiver, and ordinary payloads never reach the rendezvous slot.
 */
@Tag("loopback")
@Timeout(60)
class RendezvousReceiverLoopbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final List<Router> routers = new ArrayList<>();

  record Got(int at, PublicKey source, PublicKey destination, byte[] payload) {}

  @AfterEach
  void closeAll() {
    routers.forEach(Router::close);
  }

  @Test
  void taggedPayloadsGoToTheRendezvousSlotAndOthersToTheReceiver() {
    List<Got> tagged = new CopyOnWriteArrayList<>();
    List<Got> ordinary = new CopyOnWriteArrayList<>();
    for (int n = 1; n <= 4; n++) {
      Router r =
          Router.start(
              RouterConfig.defaults(),
              RouterCoreTest.signer(n),
              System::nanoTime,
              System::currentTimeMillis,
              new SimpleMeterRegistry(),
              n);
      int at = n - 1;
      r.setReceiver((s, p) -> ordinary.add(new Got(at, s, null, copy(p))));
      r.setRendezvousReceiver((s, d, p) -> tagged.add(new Got(at, s, d, copy(p))));
      routers.add(r);
    }
    for (int i = 1; i < routers.size(); i++) {
      MemoryLink.connect(routers.get(i - 1), routers.get(i));
    }
    List<PublicKey> keys = routers.stream().map(Router::publicKey).sorted().toList();
    // Just below the second-lowest key: the second-lowest node is the nearest.
    PublicKey target = justBelow(keys.get(1));
    int expected = indexOf(keys.get(1));
    int from = indexOf(keys.get(3));

    // Until the snake settles a node may still think itself nearest: wait for a first landing.
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              routers.get(from).send(target, ByteBuffer.wrap(tag(7)));
              assertThat(tagged).anyMatch(g -> g.at() == expected);
            });
    for (int marker = 20; marker < 25; marker++) {
      routers.get(from).send(target, ByteBuffer.wrap(tag(marker)));
    }
    await().atMost(DEADLINE).until(() -> tagged.stream().filter(g -> marker(g) >= 20).count() >= 5);
    assertThat(tagged)
        .filteredOn(g -> marker(g) >= 20)
        .hasSize(5)
        .allSatisfy(
            g -> {
              assertThat(g.at()).isEqualTo(expected);
              assertThat(g.destination()).isEqualTo(target);
              assertThat(g.source()).isEqualTo(routers.get(from).publicKey());
            });
    assertThat(ordinary).isEmpty();

    // Tagged to a node's own key: still the rendezvous slot (replies travel this way).
    PublicKey own = routers.get(0).publicKey();
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              routers.get(from).send(own, ByteBuffer.wrap(tag(8)));
              assertThat(tagged).anyMatch(g -> g.at() == 0 && g.destination().equals(own));
            });
    // Untagged to a node: only the ordinary receiver.
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              routers.get(from).send(own, ByteBuffer.wrap(new byte[] {0x40, 1, 2}));
              assertThat(ordinary).anyMatch(g -> g.at() == 0);
            });
    assertThat(tagged).noneMatch(g -> g.payload()[0] == 0x40);
    assertThat(ordinary).allSatisfy(g -> assertThat(g.payload()[0]).isEqualTo((byte) 0x40));
  }

  private int indexOf(PublicKey key) {
    for (int i = 0; i < routers.size(); i++) {
      if (routers.get(i).publicKey().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no router with key " + key);
  }

  /** The key one below {@code key} in byte order (keys here are never all zeros). */
  static PublicKey justBelow(PublicKey key) {
    byte[] b = key.toBytes();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i]-- != 0) {
        break;
      }
    }
    return PublicKey.of(b);
  }

  static byte[] tag(int marker) {
    return ByteBuffer.allocate(RendezvousTag.LENGTH + 1)
        .put(RendezvousTag.MAGIC)
        .put(RendezvousTag.VERSION)
        .put((byte) marker)
        .array();
  }

  static int marker(Got g) {
    return g.payload()[RendezvousTag.LENGTH];
  }

  static byte[] copy(ByteBuffer p) {
    byte[] b = new byte[p.remaining()];
    p.duplicate().get(b);
    return b;
  }
}
