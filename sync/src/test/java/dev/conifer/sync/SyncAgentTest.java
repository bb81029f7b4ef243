package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.wire.PublicKey;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SyncAgentTest {
  @Test
  void failedSyncIsRetriedWithBackoffUntilItSucceeds() {
    PublicKey partner = PublicKey.ofWords(7, 7, 7, 7);
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    try (SyncAgent agent =
        new SyncAgent(
            new PartnerScheduler(5_000_000L, 50_000_000L, 3_600_000_000_000L),
            key -> {
              if (attempts.incrementAndGet() < 3) {
                return false;
              }
              successes.incrementAndGet();
              return true;
            },
            executor,
            System::nanoTime)) {
      agent.addPartner(partner);
      agent.peerUp(PublicKey.ofWords(1, 1, 1, 1)); // not a partner: ignored
      agent.peerUp(partner);
      await().atMost(Duration.ofSeconds(10)).until(() -> successes.get() == 1);
      assertThat(attempts.get()).isEqualTo(3);
    } finally {
      executor.shutdownNow();
    }
  }
}
