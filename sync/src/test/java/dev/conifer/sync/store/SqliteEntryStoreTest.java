package dev.conifer.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.sync.entry.Blake3;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryTest;
import dev.conifer.sync.entry.Interest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEntryStoreTest {
  private static final long T_US = 1_780_000_000_000_000L;
  @TempDir Path dir;
  private final Signer ns = EntryTest.signer(1);

  private Entry version(int n) {
    byte[] key = "doc".getBytes(StandardCharsets.UTF_8);
    return Entry.sign(
        ns, ns.publicKey(), key, T_US + n, Blake3.hash(new byte[] {(byte) n}), 1, false, null);
  }

  @Test
  void keepsTheNewestAndABoundedAudit() {
    try (SqliteEntryStore store = new SqliteEntryStore(SyncDatabase.open(dir), 3)) {
      for (int n = 0; n < 10; n++) {
        assertThat(store.insert(version(n))).isEqualTo(EntryStore.InsertOutcome.STORED);
      }
      assertThat(store.insert(version(9))).isEqualTo(EntryStore.InsertOutcome.DUPLICATE);
      byte[] key = "doc".getBytes(StandardCharsets.UTF_8);
      assertThat(store.current(ns.publicKey(), key)).containsExactly(version(9));
      assertThat(store.superseded(ns.publicKey(), key))
          .extracting(EntryStore.Superseded::entry)
          .containsExactly(version(8), version(7), version(6));
      assertThat(store.superseded(ns.publicKey(), key).get(0).beatenBy()).isEqualTo(version(9));
      assertThat(store.conflictsDecided()).isEqualTo(9);
      assertThat(store.items(Interest.all(ns.publicKey())).size()).isEqualTo(1);
    }
  }

  @Test
  void anOlderArrivalIsKeptForAuditOnly() {
    try (SqliteEntryStore store = new SqliteEntryStore(SyncDatabase.open(dir), 3)) {
      store.insert(version(5));
      assertThat(store.insert(version(2)))
          .isEqualTo(EntryStore.InsertOutcome.SUPERSEDED_ON_ARRIVAL);
      byte[] key = "doc".getBytes(StandardCharsets.UTF_8);
      assertThat(store.current(ns.publicKey(), key)).containsExactly(version(5));
      assertThat(store.superseded(ns.publicKey(), key).get(0).beatenBy()).isEqualTo(version(5));
    }
  }

  @Test
  void survivesReopening() {
    try (SqliteEntryStore store = new SqliteEntryStore(SyncDatabase.open(dir), 3)) {
      store.insert(version(1), true, 1000);
    }
    try (SqliteEntryStore store = new SqliteEntryStore(SyncDatabase.open(dir), 3)) {
      assertThat(store.entry(version(1).id())).contains(version(1));
      assertThat(store.localWritesSince(999)).isEqualTo(1);
      assertThat(store.localWritesSince(1000)).isZero();
    }
  }
}
