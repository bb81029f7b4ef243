package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.MergeableDocuments;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.SyncDirectory;
import dev.conifer.sync.wire.SyncFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.automerge.AmValue;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSessionTest {
  @TempDir Path dir;
  private SyncTestNet net;
  private SyncTestNet.TestNode home;
  private SyncTestNet.TestNode laptop;
  private PublicKey ns;

  @BeforeEach
  void setUp() {
    net = new SyncTestNet(dir, 42);
    home = net.node("home");
    laptop = net.node("laptop");
    ns = net.shareFamily(home, laptop);
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  @Test
  void offlineWritesOnBothSidesConverge() {
    home.node().put(ns, "shared", bytes("home says hi"), false);
    home.node().put(ns, "only-home", bytes("h"), false);
    laptop.clockUs().addAndGet(5_000_000);
    laptop.node().put(ns, "shared", bytes("laptop says hi, later"), false);
    laptop.node().put(ns, "only-laptop", bytes("l"), false);

    SyncSession s = net.sync(laptop, home, Interest.all(ns));

    assertThat(s.failure()).isNull();
    assertThat(keysAndIds(laptop)).isEqualTo(keysAndIds(home)).hasSize(3);
    assertThat(text(home, "shared")).isEqualTo("laptop says hi, later");
    assertThat(text(laptop, "only-home")).isEqualTo("h");
    assertThat(text(home, "only-laptop")).isEqualTo("l");
    List<EntryStore.Superseded> audit = home.node().store().superseded(ns, bytes("shared"));
    assertThat(audit).hasSize(1);
    assertThat(
            new String(
                home.content().get(audit.get(0).entry().contentHash()), StandardCharsets.UTF_8))
        .isEqualTo("home says hi");
    assertThat(SyncCommands.why(home.node(), ns, "shared")).contains("newer timestamp");
  }

  @Test
  void concurrentAutomergeEditsBothSurvive() {
    assumeTrue(
        MergeableDocuments.unavailableReason() == null,
        () -> "Automerge native library unavailable: " + MergeableDocuments.unavailableReason());
    Document base = new Document();
    try (Transaction t = base.startTransaction()) {
      t.set(ObjectId.ROOT, "title", "Intro to soil");
      t.commit();
    }
    byte[] baseBytes = base.save();
    laptop.node().put(ns, "paths/soil", baseBytes, true);
    net.sync(laptop, home, Interest.all(ns));

    // Offline: each side edits its own copy of the merged document.
    Document onLaptop = Document.load(laptop.node().get(ns, "paths/soil", List.of()));
    try (Transaction t = onLaptop.startTransaction()) {
      t.set(ObjectId.ROOT, "laptopNote", "compost first");
      t.commit();
    }
    laptop.clockUs().addAndGet(1_000_000);
    laptop.node().put(ns, "paths/soil", onLaptop.encodeChangesSince(base.getHeads()), true);
    Document onHome = Document.load(home.node().get(ns, "paths/soil", List.of()));
    try (Transaction t = onHome.startTransaction()) {
      t.set(ObjectId.ROOT, "homeNote", "test the pH");
      t.commit();
    }
    home.clockUs().addAndGet(2_000_000);
    home.node().put(ns, "paths/soil", onHome.encodeChangesSince(base.getHeads()), true);

    net.sync(home, laptop, Interest.all(ns));

    Document a = Document.load(laptop.node().get(ns, "paths/soil", List.of()));
    Document b = Document.load(home.node().get(ns, "paths/soil", List.of()));
    assertThat(str(a, "laptopNote")).isEqualTo("compost first");
    assertThat(str(a, "homeNote")).isEqualTo("test the pH");
    assertThat(str(b, "laptopNote")).isEqualTo("compost first");
    assertThat(str(b, "title")).isEqualTo("Intro to soil");
    assertThat(a.getHeads()).containsExactlyInAnyOrder(b.getHeads());
    assertThat(SyncCommands.why(home.node(), ns, "paths/soil")).contains("merged");

    // A validly signed but unparsable part cannot make the document unreadable.
    home.node().put(ns, "paths/soil", bytes("not automerge"), true);
    Document c = Document.load(home.node().get(ns, "paths/soil", List.of()));
    assertThat(str(c, "homeNote")).isEqualTo("test the pH");
  }

  @Test
  void forgedEntriesAreRejectedAndCounted() {
    Signer stranger = Ed25519.signerFromSeed(net.seed());
    byte[] hash = laptop.content().put(bytes("x"));
    Entry noGrant =
        Entry.sign(stranger, ns, bytes("forged/no-grant"), SyncTestNet.T0_US, hash, 1, false, null);
    Entry good =
        Entry.sign(
            stranger,
            ns,
            bytes("forged/bad-sig"),
            SyncTestNet.T0_US,
            hash,
            1,
            false,
            home.node().grant(ns, stranger.publicKey(), Grant.Mode.WRITE));
    byte[] tampered = good.encoded();
    tampered[tampered.length - 1] ^= 1;
    Entry badSignature = decode(tampered);
    Entry fromFuture =
        Entry.sign(
            stranger,
            ns,
            bytes("forged/future"),
            SyncTestNet.T0_US + 3_600_000_000L,
            hash,
            1,
            false,
            home.node().grant(ns, stranger.publicKey(), Grant.Mode.WRITE));
    // Smuggle them past local validation, as a compromised or buggy peer would.
    laptop.node().store().insert(noGrant);
    laptop.node().store().insert(badSignature);
    laptop.node().store().insert(fromFuture);

    net.sync(laptop, home, Interest.all(ns));

    SyncCounters c = home.node().counters();
    assertThat(c.noWriteCapability.get()).isEqualTo(1);
    assertThat(c.badSignature.get()).isEqualTo(1);
    assertThat(c.futureTimestamp.get()).isEqualTo(1);
    assertThat(home.node().list(ns, "", 100)).isEmpty();
  }

  @Test
  void peerWithoutReadCapabilityGetsNothing() {
    home.node().put(ns, "secret", bytes("family only"), false);
    SyncTestNet.TestNode outsider = net.node("outsider");
    // The outsider holds a genuine grant, but for someone else's key: it proves nothing.
    outsider
        .node()
        .directory()
        .putNamespace(
            new SyncDirectory.NamespaceInfo(ns, "family", null, SyncDirectory.ContentPolicy.EAGER));
    outsider
        .node()
        .directory()
        .putGrant(home.node().grant(ns, laptop.node().nodeKey(), Grant.Mode.READ));

    SyncSession s = net.sync(outsider, home, Interest.all(ns));

    assertThat(s.failure()).contains("no read capability");
    assertThat(s.entriesReceived()).isZero();
    assertThat(outsider.node().store().currentCount(ns)).isZero();
    assertThat(home.node().counters().readRefused.get()).isEqualTo(1);
    assertThat(home.node().counters().entriesSent.get()).isZero();
  }

  @Test
  void partialSyncByPrefixThroughThreeNodeChain() {
    SyncTestNet.TestNode phone = net.node("phone");
    phone
        .node()
        .joinNamespace(
            "family",
            home.node().grant(ns, phone.node().nodeKey(), Grant.Mode.READ),
            null,
            SyncDirectory.ContentPolicy.LAZY);
    for (int i = 0; i < 5; i++) {
      home.node().put(ns, "docs/" + i, bytes("doc " + i), false);
      home.node().put(ns, "photos/" + i, bytes("photo " + i), false);
    }
    net.sync(laptop, home, Interest.all(ns));
    SyncSession s = net.sync(phone, laptop, Interest.prefix(ns, bytes("docs/")));

    assertThat(s.failure()).isNull();
    List<String> keys = phone.node().list(ns, "", 100).stream().map(Entry::keyString).toList();
    assertThat(keys).containsExactly("docs/0", "docs/1", "docs/2", "docs/3", "docs/4");
    // Counted: exactly the 5 matching entries moved, and the bytes carried them but not the 5
    // photos (a full sync would have needed their bytes too).
    assertThat(s.entriesReceived()).isEqualTo(5);
    assertThat(s.entriesSent()).isZero();
    long docBytes = encodedLength(home.node().list(ns, "docs/", 100));
    long photoBytes = encodedLength(home.node().list(ns, "photos/", 100));
    assertThat(s.bytesReceived()).isGreaterThan(docBytes).isLessThan(docBytes + photoBytes);
    assertThat(phone.content().size()).as("lazy: no content fetched yet").isZero();
    assertThat(text(phone, "docs/3", laptop)).isEqualTo("doc 3");
  }

  private static long encodedLength(List<Entry> entries) {
    return entries.stream().mapToLong(Entry::encodedLength).sum();
  }

  @Test
  void resyncAfterNoChangesMovesNoEntries() {
    for (int i = 0; i < 200; i++) {
      home.node().put(ns, "k" + i, bytes("v" + i), false);
    }
    net.sync(laptop, home, Interest.all(ns));
    SyncSession again = net.sync(laptop, home, Interest.all(ns));
    assertThat(again.entriesReceived()).isZero();
    assertThat(again.entriesSent()).isZero();
    assertThat(again.roundTrips()).isEqualTo(1);
  }

  @Test
  void nodeOfflineForDaysCatchesUpWithoutAFullTransfer() {
    for (int i = 0; i < 500; i++) {
      home.node().put(ns, "archive/" + i, bytes("old " + i), false);
    }
    SyncSession first = net.sync(laptop, home, Interest.all(ns));
    assertThat(first.entriesReceived()).isEqualTo(500);
    home.clockUs().addAndGet(3 * 86_400_000_000L);
    laptop.clockUs().addAndGet(3 * 86_400_000_000L);
    for (int i = 0; i < 20; i++) {
      home.node().put(ns, "news/" + i, bytes("new " + i), false);
    }

    SyncSession catchUp = net.sync(laptop, home, Interest.all(ns));

    assertThat(catchUp.entriesReceived()).isEqualTo(20);
    assertThat(catchUp.bytesSent() + catchUp.bytesReceived())
        .isLessThan((first.bytesSent() + first.bytesReceived()) / 10);
    assertThat(laptop.node().store().currentCount(ns)).isEqualTo(520);
  }

  private Entry decode(byte[] bytes) {
    try {
      return Entry.decode(bytes);
    } catch (SyncFormatException e) {
      throw new AssertionError(e);
    }
  }

  private String text(SyncTestNet.TestNode n, String key, SyncTestNet.TestNode... holders) {
    List<PublicKey> keys = java.util.Arrays.stream(holders).map(h -> h.node().nodeKey()).toList();
    byte[] v = n.node().get(ns, key, keys);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private List<String> keysAndIds(SyncTestNet.TestNode n) {
    return n.node().list(ns, "", 1000).stream()
        .map(e -> e.keyString() + "=" + e.idHex())
        .collect(Collectors.toList());
  }

  private static String str(Document d, String key) {
    return d.get(ObjectId.ROOT, key).map(v -> ((AmValue.Str) v).getValue()).orElse(null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
