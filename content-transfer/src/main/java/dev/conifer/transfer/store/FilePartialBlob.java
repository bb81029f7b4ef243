package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.Blake3;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.Outboard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A partial blob's files. Order of effects, which is the crash-safety argument: (1) group bytes are
 * written to the data file, and chaining values to the outboard file, at the latest before the next
 * force; (2) {@link #flush} forces both files, then commits the new ranges to the index; (3)
 * completion reads back every byte, checks each group against its chaining value and the root
 * against the hash, forces again, and only then commits state COMPLETE. A kill between any two
 * steps leaves either fewer recorded ranges (refetched) or a PARTIAL row with every range
 * (completed on the next open).
 *
 * <p>The periodic sync every {@code flushLength} bytes runs in the background, so writers do not
 * wait for the disk: it snapshots the ranges written so far, forces the files, then records that
 * snapshot (groups written meanwhile wait for the next sync). One sync at a time; {@link #flush},
 * {@link #tryComplete} and {@link #close} first wait for it, so records never go backwards and none
 * lands after COMPLETE.
 */
final class FilePartialBlob implements PartialBlob {
  private static final int CV_BLOCK_GROUPS = 32 * 1024;

  /** Chaining values held back for one outboard write: 32 KiB, 16 MiB of groups. */
  private static final int PENDING_CV_GROUPS = 1024;

  private final FileBlobStore store;
  private final BlobHash hash;
  private final long size;
  private final long groupCount;
  private final GroupFile data;
  private final FileChannel outboard;
  private final long flushLength;
  private GroupRanges recorded;
  private GroupRanges present;

  /** Groups verified in memory and written by this instance (not re-read at completion). */
  private GroupRanges writtenHere = GroupRanges.EMPTY;

  /**
   * Chaining values of groups written since the last sync, for one run of consecutive groups from
   * {@code pendingFirst}: they reach the outboard file in one write before the next force, not in
   * one 32-byte write per group. Only completion reads the outboard of a partial blob, after a
   * flush.
   */
  private final ByteBuffer pendingCvs =
      ByteBuffer.allocate(PENDING_CV_GROUPS * 32).order(ByteOrder.LITTLE_ENDIAN);

  private long pendingFirst;

  private long unflushedLength;
  private boolean complete;

  /** A background sync is running (it owns {@code recorded} until it clears this). */
  private boolean syncing;

  private IOException syncFailure;

  FilePartialBlob(
      FileBlobStore store, BlobInfo info, Path dataFile, Path outboardFile, long flushLength)
      throws IOException {
    this.store = store;
    this.hash = info.hash();
    this.size = info.size();
    this.groupCount = BlobTree.groupCount(size);
    this.flushLength = flushLength;
    this.complete = info.complete();
    this.recorded = info.present();
    this.present = info.present();
    StandardOpenOption[] opts = {
      StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE
    };
    this.data =
        GroupFile.open(dataFile, size, size >= store.directWritesFrom() ? store.stages() : null);
    try {
      this.outboard = FileChannel.open(outboardFile, opts);
    } catch (IOException e) {
      data.close();
      throw e;
    }
    try {
      data.reserve(size);
      GroupFile.reserveLength(outboard, groupCount * 32);
    } catch (IOException e) {
      data.close();
      outboard.close();
      throw e;
    }
  }

  @Override
  public BlobHash hash() {
    return hash;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized GroupRanges present() {
    return present;
  }

  @Override
  public synchronized boolean isComplete() {
    return complete;
  }

  @Override
  public synchronized boolean writeGroup(long group, byte[] bytes, int offset, int[] cv)
      throws IOException {
    if (group < 0 || group >= groupCount) {
      throw new IllegalArgumentException("group " + group + " outside 0.." + groupCount);
    }
    if (complete || present.contains(group)) {
      return false;
    }
    int length = BlobTree.groupLength(size, group);
    data.write(group, bytes, offset, length);
    stageCv(group, cv);
    present = present.union(GroupRanges.of(group, group + 1));
    writtenHere = writtenHere.union(GroupRanges.of(group, group + 1));
    unflushedLength += Math.max(1, length);
    if (unflushedLength >= flushLength && !syncing) {
      startBackgroundSync();
    }
    return true;
  }

  /** Adds {@code cv} to the pending run, writing the run out first if it cannot take it. */
  private void stageCv(long group, int[] cv) throws IOException {
    int pending = pendingCvs.position() / 32;
    if (pending > 0 && (group != pendingFirst + pending || pending == PENDING_CV_GROUPS)) {
      writePendingCvs();
    }
    if (pendingCvs.position() == 0) {
      pendingFirst = group;
    }
    for (int word : cv) {
      pendingCvs.putInt(word); // little-endian, as Blake3.toBytes
    }
  }

  private void writePendingCvs() throws IOException {
    if (pendingCvs.position() == 0) {
      return;
    }
    pendingCvs.flip();
    try {
      GroupFile.writeAt(outboard, pendingCvs, pendingFirst * 32);
    } finally {
      pendingCvs.clear();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    awaitSync();
    data.drain();
    writePendingCvs();
    if (present.equals(recorded)) {
      return;
    }
    data.force();
    outboard.force(false); // fdatasync: what reading the bytes back needs, not the timestamps
    store.record(hash, size, present, false);
    recorded = present;
    unflushedLength = 0;
  }

  private void startBackgroundSync() throws IOException {
    data.drain(); // before the snapshot: the sync forces what it records
    writePendingCvs();
    GroupRanges snapshot = present; // every group in it has been written above
    syncing = true;
    unflushedLength = 0;
    try {
      store.syncExecutor().execute(() -> backgroundSync(snapshot));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      syncing = false; // the store is closing: sync here instead
      flush();
    }
  }

  private void backgroundSync(GroupRanges snapshot) {
    IOException failure = null;
    try {
      data.force();
      outboard.force(false);
      store.record(hash, size, snapshot, false);
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException("background sync failed", e);
    }
    synchronized (this) {
      if (failure == null) {
        recorded = snapshot;
      } else if (syncFailure == null) {
        syncFailure = failure;
      }
      syncing = false;
      notifyAll();
    }
  }

  /** Waits for a background sync; rethrows its failure once (the next sync retries its work). */
  private void awaitSync() throws IOException {
    boolean interrupted = false;
    while (syncing) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // the files must not be closed under a running sync
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    IOException f = syncFailure;
    syncFailure = null;
    if (f != null) {
      throw f;
    }
  }

  @Override
  public synchronized boolean tryComplete() throws IOException {
    awaitSync();
    if (complete) {
      return true;
    }
    if (!present.containsAll(0, groupCount)) {
      return false;
    }
    flush();
    GroupRanges bad = GroupRanges.EMPTY;
    int[] cvs = new int[(int) (groupCount * 8)];
    byte[] group = new byte[BlobTree.GROUP_LENGTH];
    // The outboard is read in blocks: one read per group was 65,536 reads for 1 GiB.
    byte[] cvBlock = new byte[CV_BLOCK_GROUPS * 32];
    for (long g = 0; g < groupCount; g++) {
      int length = BlobTree.groupLength(size, g);
      int inBlock = (int) (g % CV_BLOCK_GROUPS);
      if (inBlock == 0) {
        int n = (int) Math.min(CV_BLOCK_GROUPS, groupCount - g) * 32;
        GroupFile.readAt(outboard, ByteBuffer.wrap(cvBlock, 0, n), g * 32);
      }
      int[] recorded = Blake3.fromBytes(cvBlock, inBlock * 32);
      System.arraycopy(recorded, 0, cvs, (int) (8 * g), 8);
      if (writtenHere.contains(g) && groupCount > 1) {
        continue; // verified in memory before this instance wrote it
      }
      data.readAt(ByteBuffer.wrap(group, 0, length), BlobTree.groupOffset(g));
      int[] actual = BlobTree.groupCv(g, group, 0, length, false);
      if (!java.util.Arrays.equals(actual, recorded)) {
        bad = bad.union(GroupRanges.of(g, g + 1));
      }
      if (groupCount == 1) {
        byte[] root = Blake3.toBytes(BlobTree.groupCv(0, group, 0, length, true));
        if (!java.util.Arrays.equals(root, hash.bytes())) {
          bad = GroupRanges.of(0, 1);
        }
      }
    }
    if (bad.isEmpty() && groupCount > 1) {
      int[] root = BlobTree.rootFromGroups(new Outboard(size, cvs));
      if (!java.util.Arrays.equals(Blake3.toBytes(root), hash.bytes())) {
        bad = GroupRanges.of(0, groupCount); // the recorded tree itself is wrong: start over
      }
    }
    if (!bad.isEmpty()) {
      present = present.subtract(bad);
      store.record(hash, size, present, false);
      recorded = present;
      return false;
    }
    data.force();
    outboard.force(false);
    store.record(hash, size, present, true);
    complete = true;
    return true;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (!complete) {
        flush();
      }
    } finally {
      while (syncing) {
        try {
          wait(); // only if flush threw before waiting: never close the files under a sync
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      data.close();
      outboard.close();
    }
  }
}
