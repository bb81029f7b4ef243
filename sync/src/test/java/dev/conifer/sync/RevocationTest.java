package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync ns revoke}: a namespace-signed revocation that travels by sync; replicas that know it
 * refuse sessions presenting the revoked grant (or one passed on from it) and its entries from the
 * revocation on, and drop such entries they stored before they knew, whatever the arrival order.
 */
class RevocationTest {
  private static final long SECOND_US = 1_000_000;

  @TempDir Path dir;
  private SyncTestNet net;
  private SyncTestNet.TestNode home;
  private SyncTestNet.TestNode laptop;
  private SyncTestNet.TestNode phone;
  private PublicKey ns;
  private String laptopTicket;

  @BeforeEach
  void setUp() {
    net = new SyncTestNet(dir, 1804);
    home = net.node("home");
    laptop = net.node("laptop");
    phone = net.node("phone");
    ns =
        home.node()
            .createNamespace("family", net.seed(), SyncDirectory.ContentPolicy.EAGER)
            .namespace();
    laptopTicket = ticket();
    NamespaceCommands.join(laptop.node(), laptopTicket, "family", false, sec());
    NamespaceCommands.join(phone.node(), ticket(), "family", false, sec());
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  private String ticket() {
    return NamespaceCommands.share(home.node(), "family", true, 0, sec(), net.seed(), List.of());
  }

  private long sec() {
    return home.clockUs().get() / SECOND_US;
  }

  private void advanceAll(long us) {
    for (SyncTestNet.TestNode n : List.of(home, laptop, phone)) {
      n.clockUs().addAndGet(us);
    }
  }

  @Test
  void aRevokedTicketIsRefusedOnTheNextSessionWithAClearErrorAndCounted() {
    laptop.node().put(ns, "k", bytes("v"), false);
    assertThat(net.sync(laptop, home, Interest.all(ns)).failure()).isNull();

    String said = NamespaceCommands.revoke(home.node(), "family", null, laptopTicket);
    assertThat(said).startsWith("revoked the ticket's grant ");
    SyncSession refused = net.sync(laptop, home, Interest.all(ns));

    assertThat(refused.failure())
        .isEqualTo(
            "peer refused: read capability for namespace "
                + ns.toHex()
                + " was revoked (sync ns revoke)");
    assertThat(home.node().counters().capabilityRevoked.get()).isEqualTo(1);
    assertThat(home.node().counters().readRefused.get()).isEqualTo(1);
    assertThat(SyncCommands.status(home.node())).contains("capabilityRevoked=1");
    assertThat(NamespaceCommands.ls(home.node())).contains("\trevoked 1");
    // The other direction: home dials the laptop and takes nothing from it either.
    SyncSession dialled = net.sync(home, laptop, Interest.all(ns));
    assertThat(dialled.failure()).contains("was revoked");
    assertThat(home.node().counters().capabilityRevoked.get()).isEqualTo(2);
  }

  @Test
  void aRevocationTravelsEvenToAPartialReplicaWhichThenRefusesTheRevokedNode() {
    NamespaceCommands.interest(phone.node(), "family", List.of("photos/"));
    NamespaceCommands.revoke(home.node(), "family", laptop.node().nodeKey().toHex(), null);

    SyncSession learn = net.sync(phone, home, phone.node().interest(ns));

    assertThat(learn.failure()).isNull();
    assertThat(phone.node().revocations(ns).revokesKey(laptop.node().nodeKey())).isTrue();
    assertThat(net.sync(laptop, phone, Interest.all(ns)).failure()).contains("was revoked");
    assertThat(net.sync(phone, laptop, Interest.all(ns)).failure()).contains("was revoked");
    assertThat(phone.node().counters().capabilityRevoked.get()).isEqualTo(2);
    phone.node().put(ns, "photos/x", bytes("p"), false);
    assertThat(SyncCommands.why(phone.node(), ns, "photos/x"))
        .contains("revocations in force in this namespace: 1");
  }

  @Test
  void entriesUnderARevokedGrantFromItsTimeOnAreDroppedWhateverTheArrivalOrder() {
    SyncTestNet.TestNode tablet = net.node("tablet");
    tablet.clockUs().set(home.clockUs().get());
    NamespaceCommands.join(tablet.node(), ticket(), "family", false, sec());
    laptop.node().put(ns, "k", bytes("before"), false);
    assertThat(net.sync(laptop, home, Interest.all(ns)).failure()).isNull();
    advanceAll(SECOND_US);
    tablet.clockUs().addAndGet(SECOND_US);
    NamespaceCommands.revoke(home.node(), "family", null, laptopTicket);
    advanceAll(SECOND_US);
    tablet.clockUs().addAndGet(SECOND_US);
    // The laptop does not know: it writes on, and the phone (which does not know either) takes
    // its writes. The tablet learns the revocation first.
    laptop.node().put(ns, "k", bytes("after"), false);
    laptop.node().put(ns, "new", bytes("n"), false);
    assertThat(net.sync(laptop, phone, Interest.all(ns)).entriesSent()).isEqualTo(2);
    assertThat(value(phone, "k")).isEqualTo("after");
    assertThat(net.sync(tablet, home, Interest.all(ns)).failure()).isNull();

    // Revocation first: the tablet refuses the phone's copies of the revoked writes, counted.
    // Writes first: the phone learns the revocation from the tablet and drops them; "k" goes back
    // to the laptop's write from before the revocation.
    SyncSession s = net.sync(phone, tablet, Interest.all(ns));

    assertThat(s.failure()).isNull();
    assertThat(value(phone, "k")).isEqualTo("before");
    assertThat(value(phone, "new")).isNull();
    // Which happens first within the session depends on message order; each write is either
    // refused by the tablet or dropped by the phone, and counted.
    assertThat(tablet.node().counters().revokedWrite.get() + phone.node().store().revokedPurged())
        .isGreaterThanOrEqualTo(2);
    Entry revoked = laptop.node().store().current(ns, bytes("new")).get(0);
    assertThat(tablet.node().context().validator().check(revoked, tablet.clockUs().get()))
        .isEqualTo(EntryValidator.Verdict.REVOKED);
    assertThat(net.sync(phone, home, Interest.all(ns)).failure()).isNull();
    assertThat(state(phone)).isEqualTo(state(home)).isEqualTo(state(tablet));
    // The live index agrees with SQLite: nothing is left to move.
    SyncSession again = net.sync(phone, tablet, Interest.all(ns));
    assertThat(again.entriesSent() + again.entriesReceived()).isZero();
  }

  @Test
  void onlyTheNamespaceKeyMayWriteUnderTheReservedPrefix() {
    String hex = laptop.node().nodeKey().toHex();
    assertThatThrownBy(
            () -> SyncCommands.put(phone.node(), "family", Revocations.key(hex), bytes("x"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("are reserved");
    assertThatThrownBy(() -> NamespaceCommands.revoke(phone.node(), "family", hex, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only the owner");
    // A writer that forges one anyway (bypassing the CLI) is refused by every other replica.
    phone.node().put(ns, Revocations.key(hex), bytes("forged"), false);
    net.sync(phone, home, Interest.all(ns));
    assertThat(home.node().counters().reservedKey.get()).isEqualTo(1);
    assertThat(home.node().revocations(ns).size()).isZero();
    assertThat(net.sync(laptop, home, Interest.all(ns)).failure()).isNull();
  }

  private String value(SyncTestNet.TestNode n, String key) {
    byte[] v = n.node().get(ns, key, List.of());
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** The current entries' ids: equal on two replicas means equal state. */
  private String state(SyncTestNet.TestNode n) {
    return n.node().list(ns, "", 1000).stream()
        .map(Entry::idHex)
        .sorted()
        .collect(Collectors.joining(","));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
