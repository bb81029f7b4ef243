package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.TimeBound;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync ns interest NS --since T --until T}: stored, resolved per session, obeyed. */
class TimeRangeInterestTest {
  private static final long DAY_US = 86_400L * 1_000_000;

  @TempDir Path dir;
  private SyncTestNet net;
  private SyncTestNet.TestNode home;
  private SyncTestNet.TestNode phone;
  private PublicKey ns;

  @BeforeEach
  void setUp() {
    net = new SyncTestNet(dir, 1803);
    home = net.node("home");
    phone = net.node("phone");
    ns =
        home.node()
            .createNamespace("family", net.seed(), SyncDirectory.ContentPolicy.EAGER)
            .namespace();
    String ticket =
        NamespaceCommands.share(
            home.node(), "family", true, 0, now(home) / 1_000_000, net.seed(), List.of());
    NamespaceCommands.join(phone.node(), ticket, "family", false, now(phone) / 1_000_000);
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  private static long now(SyncTestNet.TestNode n) {
    return n.clockUs().get();
  }

  private void advanceBoth(long us) {
    home.clockUs().addAndGet(us);
    phone.clockUs().addAndGet(us);
  }

  @Test
  void aRollingSinceMovesOnlyRecentEntriesInBothDirectionsWhoeverStarts() {
    home.node().put(ns, "old/home", bytes("h0"), false);
    phone.node().put(ns, "old/phone", bytes("p0"), false);
    advanceBoth(3 * DAY_US);
    home.node().put(ns, "new/home-1", bytes("h1"), false);
    home.node().put(ns, "new/home-2", bytes("h2"), false);
    phone.node().put(ns, "new/phone", bytes("p1"), false);

    String said =
        NamespaceCommands.interest(
            phone.node(), "family", List.of(), TimeBound.ago(Duration.ofDays(1)), null);
    assertThat(said).isEqualTo("interested in every key of family since 1d ago");
    assertThat(NamespaceCommands.ls(phone.node())).contains("\tall keys since 1d ago");

    // The phone starts, as its daemon does: with the interest it stored, resolved now.
    Interest asked = phone.node().interest(ns);
    assertThat(asked.fromUs()).isEqualTo(now(phone) - DAY_US);
    SyncSession s = net.sync(phone, home, asked);

    assertThat(s.failure()).isNull();
    assertThat(s.entriesReceived()).isEqualTo(2);
    assertThat(s.entriesSent()).isEqualTo(1);
    assertThat(keys(phone)).containsExactly("new/home-1", "new/home-2", "new/phone", "old/phone");
    assertThat(keys(home)).containsExactly("new/home-1", "new/home-2", "new/phone", "old/home");

    // Home starts with every key at any time: the phone narrows it to its range again.
    home.node().put(ns, "new/home-3", bytes("h3"), false);
    SyncSession back = net.sync(home, phone, Interest.all(ns));
    assertThat(back.failure()).isNull();
    assertThat(back.entriesSent()).isEqualTo(1);
    assertThat(back.entriesReceived()).isZero();
    assertThat(keys(phone)).doesNotContain("old/home").contains("new/home-3");
    assertThat(phone.node().counters().outsideInterest.get()).isZero();

    // Rolling: two days on, yesterday's entries have left the window.
    advanceBoth(2 * DAY_US);
    assertThat(phone.node().interest(ns).fromUs()).isEqualTo(now(phone) - DAY_US);
    home.node().put(ns, "later", bytes("l"), false);
    SyncSession later = net.sync(phone, home, phone.node().interest(ns));
    assertThat(later.entriesReceived()).isEqualTo(1);
  }

  @Test
  void fixedBoundsArePersistedAndAnEmptyRangeIsRefused() {
    long t0 = now(home);
    home.node().put(ns, "before", bytes("b"), false);
    advanceBoth(DAY_US);
    home.node().put(ns, "inside", bytes("i"), false);
    advanceBoth(DAY_US);
    home.node().put(ns, "after", bytes("a"), false);
    Instant since = Instant.ofEpochMilli((t0 + DAY_US / 2) / 1000);
    Instant until = Instant.ofEpochMilli((t0 + 3 * DAY_US / 2) / 1000);

    NamespaceCommands.interest(
        phone.node(), "family", List.of(), TimeBound.at(since), TimeBound.at(until));
    SyncSession s = net.sync(phone, home, phone.node().interest(ns));

    assertThat(s.entriesReceived()).isEqualTo(1);
    assertThat(keys(phone)).containsExactly("inside");
    assertThat(NamespaceCommands.ls(phone.node()))
        .contains("since " + since)
        .contains("until " + until);
    assertThatThrownBy(
            () ->
                NamespaceCommands.interest(
                    phone.node(), "family", List.of(), TimeBound.at(until), TimeBound.at(since)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not before --until");
    // Clearing it: every key at any time again.
    NamespaceCommands.interest(phone.node(), "family", List.of());
    assertThat(phone.node().interest(ns)).usingRecursiveComparison().isEqualTo(Interest.all(ns));
  }

  @Test
  void timeBoundsRoundTripTheirStoredForm() {
    TimeBound ago = TimeBound.ago(Duration.ofHours(12));
    TimeBound at = TimeBound.at(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(TimeBound.decode(ago.encode())).isEqualTo(ago);
    assertThat(TimeBound.decode(at.encode())).isEqualTo(at);
    assertThat(ago.resolve(100 * DAY_US)).isEqualTo(100 * DAY_US - 12 * 3_600_000_000L);
    assertThat(at.describe()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(ago.describe()).isEqualTo("12h ago");
  }

  private List<String> keys(SyncTestNet.TestNode n) {
    return n.node().list(ns, "", 100).stream().map(Entry::keyString).sorted().toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
