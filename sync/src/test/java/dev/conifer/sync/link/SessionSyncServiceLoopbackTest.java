package dev.conifer.sync.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import dev.conifer.session.QuicAvailable;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import dev.conifer.sync.PartnerScheduler;
import dev.conifer.sync.SyncAgent;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncConfig;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.SyncSession;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sync over real QUIC sessions on in-memory overlay routers: laptop - relay - home. */
@Tag("quic")
@Timeout(60)
class SessionSyncServiceLoopbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir Path dir;
  private final TestOverlay overlay = new TestOverlay();
  private final AtomicLong clockUs = new AtomicLong(1_780_000_000_000_000L);
  private ScheduledExecutorService executor;

  @BeforeEach
  void quic() {
    QuicAvailable.assume();
    executor = Executors.newScheduledThreadPool(2);
  }

  @AfterEach
  void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    overlay.close();
  }

  private SyncNode node(String name, int n) {
    return new SyncNode(
        dir.resolve(name),
        TestOverlay.signer(n),
        new MemoryContentStore(),
        null,
        SyncConfig.defaults(),
        clockUs::get);
  }

  @Test
  void reconnectingPeerTriggersSyncOverSessions() throws Exception {
    List<Router> r = overlay.chain(1, 3);
    Sessions laptopSessions = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions homeSessions = overlay.sessions(r.get(2), 3, SessionConfig.defaults());
    try (SyncNode laptop = node("laptop", 1);
        SyncNode home = node("home", 3)) {
      byte[] seed = new byte[32];
      seed[0] = 9;
      var ns = home.createNamespace("family", seed, SyncDirectory.ContentPolicy.LAZY).namespace();
      laptop.joinNamespace(
          "family",
          home.grant(ns, laptop.nodeKey(), Grant.Mode.READ),
          home.grant(ns, laptop.nodeKey(), Grant.Mode.WRITE),
          SyncDirectory.ContentPolicy.LAZY);
      for (int i = 0; i < 50; i++) {
        home.put(ns, "home/" + i, ("h" + i).getBytes(StandardCharsets.UTF_8), false);
      }
      laptop.put(
          ns, "laptop/offline-note", "written offline".getBytes(StandardCharsets.UTF_8), false);
      AtomicLong salts = new AtomicLong(1);
      SessionSyncService laptopSync =
          new SessionSyncService(laptopSessions, laptop, salts::incrementAndGet, DEADLINE);
      new SessionSyncService(homeSessions, home, salts::incrementAndGet, DEADLINE).listen();
      laptop.directory().putPartner(home.nodeKey(), "home");

      try (SyncAgent agent =
          new SyncAgent(
              new PartnerScheduler(10_000_000L, 1_000_000_000L, 3_600_000_000_000L),
              laptopSync::syncAll,
              executor,
              System::nanoTime)) {
        laptopSync.partners().forEach(agent::addPartner);
        agent.peerUp(home.nodeKey()); // what the node does on the router's peer-up event

        await()
            .atMost(DEADLINE)
            .until(
                () ->
                    laptop.directory().partners().get(0).lastResult().equals("ok")
                        && home.store().currentCount(ns) == 51
                        && laptop.store().currentCount(ns) == 51);
      }
      assertThat(laptop.directory().partners().get(0).lastResult()).isEqualTo("ok");
      assertThat(SyncCommands.status(laptop)).contains("home").contains("(ok)");
    }
  }

  /**
   * The initiator's last message carries entries; its node shuts down the moment {@code sync}
   * returns. The responder must hold every entry: a sync that reports success has delivered.
   */
  @Test
  void anInitiatorThatExitsRightAfterASyncHasDeliveredEverything() throws Exception {
    List<Router> r = overlay.chain(31, 3);
    Sessions laptopSessions = overlay.sessions(r.get(0), 31, SessionConfig.defaults());
    Sessions homeSessions = overlay.sessions(r.get(2), 33, SessionConfig.defaults());
    try (SyncNode laptop = node("laptop2", 31);
        SyncNode home = node("home2", 33)) {
      byte[] seed = new byte[32];
      seed[0] = 10;
      var ns = home.createNamespace("family", seed, SyncDirectory.ContentPolicy.LAZY).namespace();
      laptop.joinNamespace(
          "family",
          home.grant(ns, laptop.nodeKey(), Grant.Mode.READ),
          home.grant(ns, laptop.nodeKey(), Grant.Mode.WRITE),
          SyncDirectory.ContentPolicy.LAZY);
      for (int i = 0; i < 300; i++) {
        laptop.put(ns, "laptop/" + i, new byte[2000], false);
      }
      AtomicLong salts = new AtomicLong(1);
      new SessionSyncService(homeSessions, home, salts::incrementAndGet, DEADLINE).listen();
      SyncSession done =
          new SessionSyncService(laptopSessions, laptop, salts::incrementAndGet, DEADLINE)
              .sync(home.nodeKey(), Interest.all(ns));
      laptopSessions.close(); // the laptop's process exits at once
      assertThat(done.failure()).isNull();
      assertThat(home.store().currentCount(ns)).isEqualTo(300);
    }
  }
}
