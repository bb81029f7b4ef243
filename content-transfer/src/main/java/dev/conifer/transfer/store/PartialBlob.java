package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.GroupRanges;
import java.io.IOException;

/**
 * A blob being filled in with verified groups. Writes go to the data file; the index learns of them
 * only after the data is synced ({@link #flush}), so a crash loses at most the unflushed groups and
 * never records a group that is not on disk.
 */
public interface PartialBlob extends AutoCloseable {
  BlobHash hash();

  long size();

  /** Groups verified and recorded so far (including written but not yet flushed). */
  GroupRanges present();

  /**
   * Stores one group that the caller has verified against the root; {@code cv} is its chaining
   * value. Returns false (and writes nothing) when the group is already present.
   */
  boolean writeGroup(long group, byte[] data, int offset, int[] cv) throws IOException;

  /** Syncs the written groups to disk, then records them in the index. */
  void flush() throws IOException;

  /**
   * When every group is present: re-verifies every byte against the hash, syncs, and flips the blob
   * to complete in one transaction. Groups that fail the re-check are dropped and false is
   * returned, so the fetch can get them again.
   */
  boolean tryComplete() throws IOException;

  boolean isComplete();

  @Override
  void close() throws IOException;
}
