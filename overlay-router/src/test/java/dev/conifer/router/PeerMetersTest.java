package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.PeerType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-peer series: labelled by key and URI class, shared by links, removed with the last one. */
class PeerMetersTest {
  private static final long SEED = Long.getLong("router.seed", 23);

  private static PeerInfo info(int key, String uri) {
    return new PeerInfo(RouterCoreTest.signer(key).publicKey(), PeerType.REMOTE, "", uri);
  }

  @Test
  void uriClassIsTheSchemeOrTheKindOfInboundLink() {
    assertThat(PeerMeters.uriClass(info(1, "tcp://10.0.0.1:1"))).isEqualTo("tcp");
    assertThat(PeerMeters.uriClass(info(1, "WSS://h:1/p"))).isEqualTo("wss");
    assertThat(PeerMeters.uriClass(info(1, ""))).isEqualTo("tcp");
    assertThat(
            PeerMeters.uriClass(
                new PeerInfo(
                    RouterCoreTest.signer(1).publicKey(), PeerType.REMOTE, "websocket", "")))
        .isEqualTo("ws");
    assertThat(
            PeerMeters.uriClass(
                new PeerInfo(RouterCoreTest.signer(1).publicKey(), PeerType.MULTICAST, "", "")))
        .isEqualTo("multicast");
  }

  /** In any order of links coming and going, a series exists exactly while a link counts in it. */
  @Test
  void seriesLiveExactlyAsLongAsTheirLinksInEveryOrder() {
    for (int round = 0; round < 200; round++) {
      long seed = SEED * 1_000 + round;
      Random random = new Random(seed);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      var table = PeerMeters.table();
      List<PeerMeters> live = new ArrayList<>();
      List<List<String>> liveIds = new ArrayList<>();
      for (int step = 0; step < 40; step++) {
        if (live.isEmpty() || random.nextBoolean()) {
          PeerInfo info = info(1 + random.nextInt(3), random.nextBoolean() ? "" : "ws://h:1/");
          live.add(new PeerMeters(registry, table, info));
          liveIds.add(List.of(info.publicKey().shortHex(), PeerMeters.uriClass(info)));
        } else {
          int gone = random.nextInt(live.size());
          live.remove(gone).remove();
          liveIds.remove(gone);
        }
        long series = registry.find("conifer.peer.bytes.in").functionCounters().size();
        assertThat(series)
            .as("seed %d step %d", seed, step)
            .isEqualTo(liveIds.stream().distinct().count());
      }
      for (PeerMeters meters : live) {
        meters.remove();
      }
      assertThat(registry.getMeters()).as("seed %d", seed).isEmpty();
    }
  }
}
