package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.MergeableDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 items 4 and 6: tombstones, released content, JSON documents and their compaction. */
class DeletesAndDocumentsTest {
  @TempDir Path dir;
  private SyncTestNet net;
  private SyncTestNet.TestNode home;
  private SyncTestNet.TestNode laptop;
  private PublicKey ns;

  @BeforeEach
  void setUp() {
    net = new SyncTestNet(dir, 7);
    home = net.node("home", SyncConfig.defaults().withDocumentPartsMax(4));
    laptop = net.node("laptop", SyncConfig.defaults().withDocumentPartsMax(4));
    ns = net.shareFamily(home, laptop);
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void later(SyncTestNet.TestNode node) {
    node.clockUs().addAndGet(1_000_000);
  }

  @Test
  void aDeleteSyncsWinsByTheRuleAndReleasesTheContent() {
    Entry written = home.node().put(ns, "notes/a", bytes("first"), false);
    home.node().put(ns, "notes/b", bytes("second"), false);
    assertThat(home.content().pinned(written.contentHash())).isTrue();
    net.sync(laptop, home, Interest.all(ns));
    assertThat(laptop.content().pinned(written.contentHash())).isTrue();

    later(laptop);
    assertThat(SyncCommands.rm(laptop.node(), "family", "notes/a")).startsWith("deleted notes/a");
    net.sync(laptop, home, Interest.all(ns));

    for (SyncTestNet.TestNode n : List.of(home, laptop)) {
      assertThat(n.node().get(ns, "notes/a", List.of())).isNull();
      assertThat(n.node().list(ns, "notes/", 10))
          .extracting(Entry::keyString)
          .containsExactly("notes/b");
      assertThat(n.content().pinned(written.contentHash())).as("released").isFalse();
      assertThat(n.node().store().contentReleased()).isEqualTo(1);
      String why = SyncCommands.why(n.node(), ns, "notes/a");
      assertThat(why).contains("deleted by tombstone").contains("deleted by a newer tombstone");
    }
    assertThatThrownBy(() -> SyncCommands.get(home.node(), "family", "notes/a", List.of()))
        .hasMessageContaining("deleted");
  }

  @Test
  void anOlderDeleteLosesToANewerWriteWhateverTheArrivalOrder() {
    home.node().put(ns, "k", bytes("v1"), false);
    net.sync(laptop, home, Interest.all(ns));
    later(laptop);
    laptop.node().remove(ns, "k"); // offline delete
    later(home);
    later(home);
    home.node().put(ns, "k", bytes("v2, written after the delete"), false);

    net.sync(home, laptop, Interest.all(ns));

    for (SyncTestNet.TestNode n : List.of(home, laptop)) {
      assertThat(new String(n.node().get(ns, "k", List.of()), StandardCharsets.UTF_8))
          .isEqualTo("v2, written after the delete");
    }
  }

  @Test
  void deleteByPrefixWritesOneTombstonePerLiveKey() {
    home.node().put(ns, "paths/a", bytes("a"), false);
    home.node().put(ns, "paths/b", bytes("b"), false);
    home.node().put(ns, "other", bytes("o"), false);

    String out = SyncCommands.rmPrefix(home.node(), "family", "paths/");

    assertThat(out).startsWith("deleted 2 keys under 'paths/'");
    assertThat(home.node().list(ns, "", 10)).extracting(Entry::keyString).containsExactly("other");
    assertThat(SyncCommands.rmPrefix(home.node(), "family", "paths/")).startsWith("deleted 0 keys");
  }

  @Test
  void mergeStoresTheJsonAsADocumentAndGetPrintsIt() {
    assumeAutomerge();
    SyncCommands.put(
        home.node(), "family", "doc", bytes("{\"a\":1,\"b\":{\"c\":[true,\"x\",2.5]}}"), true);

    String json =
        new String(
            SyncCommands.get(home.node(), "family", "doc", List.of()), StandardCharsets.UTF_8);

    assertThat(json.trim()).isEqualTo("{\"a\":1,\"b\":{\"c\":[true,\"x\",2.5]}}");
    byte[] raw = SyncCommands.get(home.node(), "family", "doc", List.of(), true);
    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).startsWith("\u0085oJ\u0083"); // magic
  }

  @Test
  void mergeRefusesANonObject() {
    assertThatThrownBy(() -> SyncCommands.put(home.node(), "family", "doc", bytes("[1,2]"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object")
        .hasMessageContaining("array");
    assertThatThrownBy(() -> SyncCommands.put(home.node(), "family", "doc", bytes("{oops"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--merge needs a JSON object");
    assertThat(home.node().store().current(ns, bytes("doc"))).isEmpty();
  }

  @Test
  void concurrentEditsOfOneDocumentOnTwoOfflineReplicasBothSurvive() {
    assumeAutomerge();
    SyncCommands.put(home.node(), "family", "doc", bytes("{\"title\":\"soil\"}"), true);
    net.sync(laptop, home, Interest.all(ns));
    // Both offline: each edits a different field, and both edit "level".
    later(laptop);
    SyncCommands.put(laptop.node(), "family", "doc", bytes("{\"note\":\"water\"}"), true);
    later(home);
    SyncCommands.put(home.node(), "family", "doc", bytes("{\"level\":2}"), true);

    net.sync(laptop, home, Interest.all(ns));

    String onHome = home.node().documentJson(ns, "doc", List.of());
    assertThat(onHome)
        .contains("\"title\":\"soil\"")
        .contains("\"note\":\"water\"")
        .contains("\"level\":2");
    assertThat(laptop.node().documentJson(ns, "doc", List.of())).isEqualTo(onHome);
  }

  @Test
  void documentPartsAreCompactedIntoASnapshotAfterTheBound() {
    assumeAutomerge();
    for (int i = 0; i < 10; i++) {
      later(home);
      SyncCommands.put(home.node(), "family", "doc", bytes("{\"f" + i + "\":" + i + "}"), true);
    }
    List<Entry> live = home.node().store().current(ns, bytes("doc"));
    assertThat(live).hasSizeLessThanOrEqualTo(5); // a snapshot and at most 4 parts
    assertThat(live).extracting(Entry::kind).contains(Entry.Kind.SNAPSHOT);
    assertThat(home.node().documentJson(ns, "doc", List.of()))
        .contains("\"f0\":0")
        .contains("\"f9\":9");

    net.sync(laptop, home, Interest.all(ns));
    assertThat(laptop.node().documentJson(ns, "doc", List.of()))
        .isEqualTo(home.node().documentJson(ns, "doc", List.of()));
    assertThat(SyncCommands.why(home.node(), ns, "doc"))
        .contains("document snapshot")
        .contains("compacted into a newer document snapshot");
  }

  @Test
  void aDocumentEditAfterADeleteStartsAFreshDocument() {
    assumeAutomerge();
    SyncCommands.put(home.node(), "family", "doc", bytes("{\"old\":1}"), true);
    later(home);
    home.node().remove(ns, "doc");
    later(home);
    SyncCommands.put(home.node(), "family", "doc", bytes("{\"new\":2}"), true);

    assertThat(home.node().documentJson(ns, "doc", List.of())).isEqualTo("{\"new\":2}");
    assertThat(SyncCommands.why(home.node(), ns, "doc")).contains("deleted, then edited again");
  }

  private static void assumeAutomerge() {
    assumeTrue(
        MergeableDocuments.unavailableReason() == null,
        () -> "Automerge unavailable: " + MergeableDocuments.unavailableReason());
  }
}
