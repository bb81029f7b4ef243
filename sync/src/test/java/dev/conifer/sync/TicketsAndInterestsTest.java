package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.store.SyncDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharing by ticket, passing grants on, expiry, and interests narrowed by the responder. */
class TicketsAndInterestsTest {
  private static final List<URI> HINTS = List.of(URI.create("tcp://127.0.0.1:4242"));

  @TempDir Path dir;
  private SyncTestNet net;
  private SyncTestNet.TestNode home;
  private SyncTestNet.TestNode laptop;
  private SyncTestNet.TestNode phone;
  private PublicKey ns;

  @BeforeEach
  void setUp() {
    net = new SyncTestNet(dir, 18);
    home = net.node("home");
    laptop = net.node("laptop");
    phone = net.node("phone");
    ns =
        home.node()
            .createNamespace("family", net.seed(), SyncDirectory.ContentPolicy.EAGER)
            .namespace();
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  private static long sec(SyncTestNet.TestNode n) {
    return n.clockUs().get() / 1_000_000;
  }

  private String ticket(SyncTestNet.TestNode from, Grant.Mode mode, long expiresInSec) {
    return NamespaceCommands.share(
        from.node(),
        "family",
        mode == Grant.Mode.WRITE,
        expiresInSec,
        sec(from),
        net.seed(),
        HINTS);
  }

  @Test
  void aWriteTicketLetsTheJoinerWriteAndTheSharerBecomesItsPartner() {
    String ticket = ticket(home, Grant.Mode.WRITE, 3600);
    assertThat(ticket).startsWith("nsticket").matches("nsticket[a-z2-7]+");

    NamespaceSharing.Joined joined =
        NamespaceCommands.join(laptop.node(), ticket, "fam", false, sec(laptop));

    assertThat(joined.sharer()).isEqualTo(home.node().nodeKey());
    assertThat(joined.hints()).isEqualTo(HINTS);
    assertThat(laptop.node().directory().isPartner(home.node().nodeKey())).isTrue();
    laptop.node().put(ns, "from-laptop", bytes("hi"), false);
    SyncSession s = net.sync(laptop, home, Interest.all(ns));
    assertThat(s.failure()).isNull();
    assertThat(home.node().get(ns, "from-laptop", List.of())).isEqualTo(bytes("hi"));
  }

  @Test
  void aWriteHolderPassesOnReadAccessButAReaderCannotWrite() {
    NamespaceCommands.join(laptop.node(), ticket(home, Grant.Mode.WRITE, 0), "family", false, 0);
    home.node().put(ns, "k", bytes("v"), false);
    net.sync(laptop, home, Interest.all(ns));

    String readTicket = ticket(laptop, Grant.Mode.READ, 0);
    NamespaceCommands.join(phone.node(), readTicket, "family", false, sec(phone));
    assertThat(net.sync(phone, laptop, Interest.all(ns)).failure()).isNull();

    assertThat(phone.node().get(ns, "k", List.of())).isEqualTo(bytes("v"));
    assertThatThrownBy(() -> phone.node().put(ns, "x", bytes("no"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no write capability");
    assertThatThrownBy(() -> ticket(phone, Grant.Mode.WRITE, 0))
        .hasMessageContaining("holds no such grant");
  }

  @Test
  void badTicketsAreRefusedNamingTheProblemAndCounted() {
    String good = ticket(home, Grant.Mode.READ, 60);
    char last = good.charAt(good.length() - 1);
    String mistyped = good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a');

    assertRefused(mistyped, sec(laptop), "bad-checksum", "bad checksum");
    assertRefused("blobticketabcdef", sec(laptop), "wrong-kind", "starts with 'blobticket'");
    assertRefused(good, sec(laptop) + 61, "expired", "expired at");
    assertRefused(good.substring(0, 20), sec(laptop), "bad-checksum", "bad checksum");
    assertRefused("nsticket!!", sec(laptop), "malformed", "not base32");

    assertThat(laptop.node().directory().ticketsRefused())
        .containsEntry("bad-checksum", 2L)
        .containsEntry("expired", 1L)
        .containsEntry("wrong-kind", 1L)
        .containsEntry("malformed", 1L);
    assertThat(laptop.node().directory().namespaces()).isEmpty();
  }

  private void assertRefused(String ticket, long nowSec, String reason, String message) {
    assertThatThrownBy(() -> NamespaceCommands.join(laptop.node(), ticket, "", false, nowSec))
        .isInstanceOfSatisfying(
            NamespaceTicket.RefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  @Test
  void anExpiredReadCapabilityIsRefusedOnEverySessionButOldWritesStayValid() {
    NamespaceCommands.join(laptop.node(), ticket(home, Grant.Mode.WRITE, 60), "", false, 0);
    laptop.node().put(ns, "before", bytes("ok"), false);
    assertThat(net.sync(laptop, home, Interest.all(ns)).failure()).isNull();

    laptop.clockUs().addAndGet(120_000_000);
    home.clockUs().addAndGet(120_000_000);
    SyncSession late = net.sync(laptop, home, Interest.all(ns));

    assertThat(late.failure()).contains("read capability").contains("expired");
    assertThat(home.node().counters().capabilityExpired.get()).isEqualTo(1);
    EntryValidator validator = home.node().context().validator();
    Entry before = home.node().store().current(ns, bytes("before")).get(0);
    assertThat(validator.check(before, home.clockUs().get())).isEqualTo(EntryValidator.Verdict.OK);
  }

  @Test
  void theRespondersInterestNarrowsWhatMovesInBothDirections() {
    NamespaceCommands.join(phone.node(), ticket(home, Grant.Mode.WRITE, 0), "family", false, 0);
    NamespaceCommands.interest(phone.node(), "family", List.of("photos/"));
    home.node().put(ns, "photos/a", bytes("a"), false);
    home.node().put(ns, "docs/b", bytes("b"), false);
    phone.node().put(ns, "docs/phone", bytes("p"), false);

    // The home node asks for everything; the phone narrows it to photos/.
    SyncSession s = net.sync(home, phone, Interest.all(ns));

    assertThat(s.failure()).isNull();
    assertThat(keys(phone)).containsExactly("docs/phone", "photos/a");
    assertThat(keys(home)).containsExactly("docs/b", "photos/a");
    assertThat(s.interest().prefixes()).hasSize(1);
  }

  @Test
  void anIntersectionMatchesExactlyTheKeysBothInterestsMatch() {
    long seed = 1818;
    Random random = new Random(seed);
    PublicKey key = ns;
    for (int round = 0; round < 300; round++) {
      Interest a = randomInterest(random, key);
      Interest b = randomInterest(random, key);
      Interest both = a.intersect(b);
      for (int i = 0; i < 50; i++) {
        byte[] k = randomKey(random, 5);
        boolean expected = a.matches(key, k, 1) && b.matches(key, k, 1);
        assertThat(both.matches(key, k, 1))
            .as("seed %d round %d: %s", seed, round, new String(k, StandardCharsets.UTF_8))
            .isEqualTo(expected);
      }
    }
  }

  private static Interest randomInterest(Random random, PublicKey ns) {
    int n = random.nextInt(4);
    List<byte[]> prefixes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      prefixes.add(randomKey(random, 3));
    }
    return new Interest(ns, prefixes, 0, Long.MAX_VALUE);
  }

  private static byte[] randomKey(Random random, int lengthMax) {
    byte[] k = new byte[1 + random.nextInt(lengthMax)];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) ('a' + random.nextInt(2));
    }
    return k;
  }

  private List<String> keys(SyncTestNet.TestNode n) {
    return n.node().list(ns, "", 100).stream().map(Entry::keyString).sorted().toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
