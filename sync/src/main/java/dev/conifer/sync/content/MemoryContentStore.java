package dev.conifer.sync.content;

import dev.conifer.sync.entry.Blake3;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link ContentStore}, for tests and the in-process demo. */
public final class MemoryContentStore implements ContentStore {
  private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public byte[] put(byte[] bytes) {
    byte[] hash = Blake3.hash(bytes);
    blobs.put(HexFormat.of().formatHex(hash), bytes.clone());
    return hash;
  }

  @Override
  public boolean has(byte[] hash) {
    return blobs.containsKey(HexFormat.of().formatHex(hash));
  }

  @Override
  public byte[] get(byte[] hash) {
    byte[] b = blobs.get(HexFormat.of().formatHex(hash));
    return b == null ? null : b.clone();
  }

  private final java.util.Set<String> pinned = ConcurrentHashMap.newKeySet();

  @Override
  public void pin(byte[] hash) {
    pinned.add(HexFormat.of().formatHex(hash));
  }

  @Override
  public void release(byte[] hash) {
    pinned.remove(HexFormat.of().formatHex(hash));
  }

  /** Whether sync holds a pin on {@code hash}. */
  public boolean pinned(byte[] hash) {
    return pinned.contains(HexFormat.of().formatHex(hash));
  }

  public int size() {
    return blobs.size();
  }
}
