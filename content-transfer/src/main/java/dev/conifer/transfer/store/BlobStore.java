package dev.conifer.transfer.store;

import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed blob storage. A blob is either <em>partial</em> (some verified groups on disk,
 * resumable) or <em>complete</em> (every byte verified against its hash and synced). Only complete
 * blobs are readable through {@link #openReader}. Thread-safe.
 */
public interface BlobStore extends AutoCloseable {
  /** Imports a stream, returning its BLAKE3 hash; the blob is complete when this returns. */
  BlobHash put(InputStream in) throws IOException;

  /** Whether the blob is stored complete. */
  boolean has(BlobHash hash) throws IOException;

  Optional<BlobInfo> info(BlobHash hash) throws IOException;

  /** A reader over a complete blob, or empty. Updates its last-access time. */
  Optional<BlobReader> openReader(BlobHash hash) throws IOException;

  /**
   * Opens (creating or resuming) the partial blob {@code hash} of {@code size} bytes. The size must
   * already be verified (see {@link BlobFetcher}); a size that disagrees with an existing partial
   * entry is rejected.
   */
  PartialBlob openPartial(BlobHash hash, long size) throws IOException;

  List<BlobInfo> list() throws IOException;

  /** Records what is known about a stored blob's content (type, original name). */
  void describe(BlobHash hash, BlobMeta meta) throws IOException;

  /** What {@link #describe} recorded, or {@link BlobMeta#UNKNOWN}. */
  BlobMeta meta(BlobHash hash) throws IOException;

  void pin(BlobHash hash, Pin pin) throws IOException;

  /** Removes the pin with that tag; returns whether one was removed. */
  boolean unpin(BlobHash hash, String tag) throws IOException;

  List<Pin> pins(BlobHash hash) throws IOException;

  /** Every pin in the store, by blob, in hash order. */
  java.util.Map<BlobHash, List<Pin>> allPins() throws IOException;

  /** Deletes the blob (complete or partial) and its pins. */
  boolean delete(BlobHash hash) throws IOException;

  @Override
  void close() throws IOException;
}
