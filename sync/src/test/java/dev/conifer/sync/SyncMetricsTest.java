package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Interest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 8: sync's meters follow what sessions did. */
class SyncMetricsTest {
  @TempDir Path dir;

  @Test
  void metersCountSessionsEntriesBytesConflictsAndPending() {
    try (SyncTestNet net = new SyncTestNet(dir, 11)) {
      SyncTestNet.TestNode home = net.node("home");
      SyncTestNet.TestNode laptop = net.node("laptop");
      PublicKey ns = net.shareFamily(home, laptop);
      home.node().directory().putPartner(laptop.node().nodeKey(), "laptop");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      SyncMetrics.bindTo(registry, home.node());

      home.node().put(ns, "k", "home".getBytes(StandardCharsets.UTF_8), false);
      assertThat(registry.get("conifer.sync.pending").gauge().value()).isEqualTo(1);
      // A partner added at run time gets its gauge too.
      PublicKey later = net.node("phone").node().nodeKey();
      home.node().directory().putPartner(later, "phone");
      SyncMetrics.bindPartner(registry, home.node(), later);
      assertThat(
              registry.get("conifer.sync.pending").tag("partner", later.shortHex()).gauge().value())
          .isEqualTo(1);
      laptop.clockUs().addAndGet(1_000_000);
      laptop.node().put(ns, "k", "laptop, later".getBytes(StandardCharsets.UTF_8), false);
      net.sync(laptop, home, Interest.all(ns));

      assertThat(
              registry
                  .get("conifer.sync.sessions")
                  .tag("outcome", "completed")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("conifer.sync.entries")
                  .tag("direction", "received")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("conifer.sync.entries")
                  .tag("direction", "sent")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("conifer.sync.bytes")
                  .tag("direction", "received")
                  .functionCounter()
                  .count())
          .isGreaterThan(100);
      assertThat(registry.get("conifer.sync.conflicts.decided").functionCounter().count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("conifer.sync.refused")
                  .tag("reason", "future_timestamp")
                  .functionCounter()
                  .count())
          .isZero();
    }
  }
}
