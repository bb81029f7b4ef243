package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.store.DeferredEntries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 7: an entry from the future is sent once, held, and stored when its time comes. */
class DeferredEntriesTest {
  @TempDir Path dir;

  @Test
  void anEntryFromTheFutureIsHeldNotResentAndStoredWhenTheClockCatchesUp() {
    try (SyncTestNet net = new SyncTestNet(dir, 3)) {
      SyncTestNet.TestNode home = net.node("home");
      SyncTestNet.TestNode laptop = net.node("laptop");
      PublicKey ns = net.shareFamily(home, laptop);
      laptop.clockUs().addAndGet(10 * 60 * 1_000_000L); // 10 min ahead, beyond the 5 min skew
      laptop.node().put(ns, "early", "from the future".getBytes(StandardCharsets.UTF_8), false);

      SyncSession first = net.sync(laptop, home, Interest.all(ns));
      assertThat(first.entriesSent()).isEqualTo(1);
      assertThat(home.node().counters().futureTimestamp.get()).isEqualTo(1);
      assertThat(home.node().counters().futureDeferred.get()).isEqualTo(1);
      assertThat(home.node().list(ns, "", 10)).isEmpty();

      SyncSession second = net.sync(laptop, home, Interest.all(ns));
      assertThat(second.entriesSent()).as("held, so not sent again").isZero();
      SyncSession fromHome = net.sync(home, laptop, Interest.all(ns));
      assertThat(fromHome.entriesReceived()).isZero();

      home.clockUs().addAndGet(6 * 60 * 1_000_000L); // now within the skew
      net.sync(laptop, home, Interest.all(ns));
      assertThat(home.node().list(ns, "", 10))
          .extracting(Entry::keyString)
          .containsExactly("early");
      assertThat(home.node().counters().futureAccepted.get()).isEqualTo(1);
      assertThat(home.node().counters().futureTimestamp.get()).isEqualTo(1);
    }
  }

  @Test
  void heldEntriesSurviveARestartAndAreStoredWhenTheirTimeComes() {
    try (SyncTestNet net = new SyncTestNet(dir, 4)) {
      SyncTestNet.TestNode home = net.node("home");
      SyncTestNet.TestNode laptop = net.node("laptop");
      PublicKey ns = net.shareFamily(home, laptop);
      laptop.clockUs().addAndGet(10 * 60 * 1_000_000L);
      Entry early = laptop.node().put(ns, "early", "later".getBytes(StandardCharsets.UTF_8), false);
      net.sync(laptop, home, Interest.all(ns));
      assertThat(home.node().context().deferred().size()).isEqualTo(1);
      home.node().close();

      long later = SyncTestNet.T0_US + 6 * 60 * 1_000_000L;
      try (SyncNode reopened =
          new SyncNode(
              dir.resolve("home"),
              dev.conifer.snek.crypto.Ed25519.signerFromSeed(new byte[32]),
              new MemoryContentStore(),
              null,
              SyncConfig.defaults(),
              () -> later)) {
        DeferredEntries held = reopened.context().deferred();
        assertThat(held.size()).as("held across the restart").isEqualTo(1);
        assertThat(held.due(later, reopened.config().clockSkewMaxUs())).containsExactly(early);
      }
      try (SyncNode again =
          new SyncNode(
              dir.resolve("home"),
              dev.conifer.snek.crypto.Ed25519.signerFromSeed(new byte[32]),
              new MemoryContentStore(),
              null,
              SyncConfig.defaults(),
              () -> later)) {
        assertThat(again.context().deferred().size()).as("taken out once due").isZero();
      }
    }
  }
}
