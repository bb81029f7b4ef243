package dev.conifer.bench.replication;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.BlobMeta;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.store.PartialBlob;
import dev.conifer.transfer.store.Pin;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A blob index without bytes, for the simulated replication benchmark: what the policy code ({@link
 * dev.conifer.transfer.replicate.Replicator}) reads and writes (sizes, pins, last access), nothing
 * it does not. A "fetch" is {@link #arrive}.
 */
final class MemoryBlobStore implements BlobStore {
  private final Map<BlobHash, BlobInfo> blobs = new HashMap<>();
  private final Map<BlobHash, List<Pin>> pins = new HashMap<>();
  private final LongSupplier epochMs;
  private final java.util.function.Consumer<BlobHash> onDelete;
  private long storedLength;

  /** {@code onDelete} hears of every blob the policy deletes (the simulation's holder index). */
  MemoryBlobStore(LongSupplier epochMs, java.util.function.Consumer<BlobHash> onDelete) {
    this.epochMs = epochMs;
    this.onDelete = onDelete;
  }

  /** A verified, complete copy of {@code hash} arrived. */
  void arrive(BlobHash hash, long size) {
    if (!blobs.containsKey(hash)) {
      storedLength += size;
    }
    blobs.put(
        hash,
        new BlobInfo(hash, size, BlobInfo.State.COMPLETE, GroupRanges.EMPTY, epochMs.getAsLong()));
  }

  long storedLength() {
    return storedLength;
  }

  @Override
  public BlobHash put(InputStream in) {
    throw new UnsupportedOperationException("the simulation stores no bytes");
  }

  @Override
  public boolean has(BlobHash hash) {
    return blobs.containsKey(hash);
  }

  @Override
  public Optional<BlobInfo> info(BlobHash hash) {
    return Optional.ofNullable(blobs.get(hash));
  }

  @Override
  public Optional<BlobReader> openReader(BlobHash hash) {
    throw new UnsupportedOperationException("the simulation stores no bytes");
  }

  @Override
  public PartialBlob openPartial(BlobHash hash, long size) {
    throw new UnsupportedOperationException("the simulation stores no bytes");
  }

  @Override
  public List<BlobInfo> list() {
    return new ArrayList<>(blobs.values());
  }

  @Override
  public void describe(BlobHash hash, BlobMeta meta) {}

  @Override
  public BlobMeta meta(BlobHash hash) {
    return BlobMeta.UNKNOWN;
  }

  @Override
  public void pin(BlobHash hash, Pin pin) {
    List<Pin> list = pins.computeIfAbsent(hash, h -> new ArrayList<>());
    list.removeIf(p -> p.tag().equals(pin.tag()));
    list.add(pin);
  }

  @Override
  public boolean unpin(BlobHash hash, String tag) {
    List<Pin> list = pins.get(hash);
    boolean removed = list != null && list.removeIf(p -> p.tag().equals(tag));
    if (list != null && list.isEmpty()) {
      pins.remove(hash);
    }
    return removed;
  }

  @Override
  public List<Pin> pins(BlobHash hash) {
    return List.copyOf(pins.getOrDefault(hash, List.of()));
  }

  @Override
  public Map<BlobHash, List<Pin>> allPins() {
    Map<BlobHash, List<Pin>> out = new TreeMap<>();
    pins.forEach((h, l) -> out.put(h, List.copyOf(l)));
    return out;
  }

  @Override
  public boolean delete(BlobHash hash) {
    pins.remove(hash);
    BlobInfo gone = blobs.remove(hash);
    if (gone != null) {
      storedLength -= gone.size();
      onDelete.accept(hash);
    }
    return gone != null;
  }

  @Override
  public void close() {}
}
