package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory store for benchmarks: a prebuilt item set (ids only, for the bulk) plus real entries
 * for the items that will actually move. Received entries are kept in the map.
 */
public final class FakeEntryStore implements EntryStore {
  private final ItemSet items;
  private final Map<String, Entry> entries = new HashMap<>();
  public int inserted;

  public FakeEntryStore(ItemSet items, List<Entry> real) {
    this.items = items;
    real.forEach(e -> entries.put(HexFormat.of().formatHex(e.id()), e));
  }

  @Override
  public InsertOutcome insert(Entry entry, boolean local, long storedEpochMs) {
    inserted++;
    return entries.put(HexFormat.of().formatHex(entry.id()), entry) == null
        ? InsertOutcome.STORED
        : InsertOutcome.DUPLICATE;
  }

  @Override
  public long localWritesSince(long sinceEpochMs) {
    return 0;
  }

  @Override
  public Optional<Entry> entry(byte[] id) {
    return Optional.ofNullable(entries.get(HexFormat.of().formatHex(id)));
  }

  @Override
  public List<Entry> current(PublicKey namespace, byte[] key) {
    return new ArrayList<>();
  }

  @Override
  public List<Superseded> superseded(PublicKey namespace, byte[] key) {
    return new ArrayList<>();
  }

  @Override
  public List<Entry> list(PublicKey namespace, byte[] prefix, int limit) {
    return new ArrayList<>();
  }

  @Override
  public ItemSet items(Interest interest) {
    return items;
  }

  @Override
  public long currentCount(PublicKey namespace) {
    return items.size();
  }

  @Override
  public long conflictsDecided() {
    return 0;
  }

  @Override
  public void close() {}
}
