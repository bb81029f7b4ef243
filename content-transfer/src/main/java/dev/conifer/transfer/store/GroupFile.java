package dev.conifer.transfer.store;

import com.sun.nio.file.ExtendedOpenOption;
import dev.conifer.transfer.hash.BlobTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A partial blob's data file. Large blobs are written with direct I/O where the file system allows
 * it: runs of consecutive full groups are staged in one aligned buffer and written in one call.
 * That skips the copy into the page cache and its later write-back, which cost 10 to 14 points of
 * the single-holder fetch rate (docs/PERFORMANCE.md); the fetch syncs every few MiB anyway, so the
 * cache bought nothing. Bytes land in the file at the latest on {@link #drain}, and {@link #force}
 * syncs only what has landed, so the owner drains before each sync whose result it records. The
 * last short group, small blobs and file systems without direct I/O go through the page cache. Not
 * thread-safe: the owner serialises calls, except {@link #force}, which may overlap writes.
 */
final class GroupFile implements AutoCloseable {
  /** Groups per direct write: a 1 MiB request unit, written at about disk speed (1.8 GB/s here). */
  static final int STAGE_GROUPS = 64;

  private final FileChannel buffered;
  private final StageBuffers stages;
  private FileChannel direct; // null when writes are buffered
  private ByteBuffer stage; // lent by stages while direct is open
  private long stagedFirst;
  private int stagedCount;

  private GroupFile(
      FileChannel buffered, StageBuffers stages, FileChannel direct, ByteBuffer stage) {
    this.buffered = buffered;
    this.stages = stages;
    this.direct = direct;
    this.stage = stage;
  }

  /**
   * Opens (creating if needed) the data file of a blob of {@code size} bytes.
   *
   * @param stages where direct writes get their buffer; null writes through the page cache
   */
  static GroupFile open(Path file, long size, StageBuffers stages) throws IOException {
    FileChannel buffered =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (stages == null || size < BlobTree.GROUP_LENGTH || !directIo(file)) {
      return new GroupFile(buffered, null, null, null);
    }
    ByteBuffer stage = stages.tryTake();
    if (stage == null) {
      return new GroupFile(buffered, null, null, null); // the store's direct buffers are all busy
    }
    try {
      FileChannel direct =
          FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      return new GroupFile(buffered, stages, direct, stage);
    } catch (IOException | UnsupportedOperationException e) {
      stages.give(stage); // no direct I/O here: buffered writes are just as correct
      return new GroupFile(buffered, null, null, null);
    }
  }

  /** Whether the file system takes aligned direct writes of whole groups. */
  private static boolean directIo(Path file) {
    try {
      long block = Files.getFileStore(file).getBlockSize();
      return block > 0 && BlobTree.GROUP_LENGTH % block == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  boolean isDirect() {
    return direct != null;
  }

  /** Writes (or stages) {@code length} bytes of group {@code group}. */
  void write(long group, byte[] bytes, int offset, int length) throws IOException {
    if (direct == null || length != BlobTree.GROUP_LENGTH) {
      writeAt(buffered, ByteBuffer.wrap(bytes, offset, length), BlobTree.groupOffset(group));
      return;
    }
    if (stagedCount > 0 && (group != stagedFirst + stagedCount || !stage.hasRemaining())) {
      drain();
    }
    if (stagedCount == 0) {
      stagedFirst = group;
    }
    stage.put(bytes, offset, length);
    stagedCount++;
  }

  /** Writes whatever is staged to the file. */
  void drain() throws IOException {
    if (stagedCount == 0) {
      return;
    }
    ByteBuffer staged = stage.flip().duplicate();
    long at = BlobTree.groupOffset(stagedFirst);
    stage.clear();
    stagedCount = 0;
    try {
      writeAt(direct, staged, at);
    } catch (IOException e) {
      // Some file systems open with O_DIRECT but refuse the writes. A real disk error fails the
      // buffered retry too, and that is what the caller sees.
      closeDirect();
      writeAt(buffered, staged.rewind(), at);
    }
  }

  /** Syncs what has been drained (fdatasync: reading the bytes back needs no timestamps). */
  void force() throws IOException {
    buffered.force(false);
  }

  /** Gives the file its final length at once (sparse until written), if it is shorter. */
  void reserve(long length) throws IOException {
    reserveLength(buffered, length);
  }

  void readAt(ByteBuffer b, long pos) throws IOException {
    readAt(buffered, b, pos);
  }

  /** Closes the file; staged bytes that were not drained are dropped (they were never recorded). */
  @Override
  public void close() throws IOException {
    try {
      buffered.close();
    } finally {
      closeDirect();
    }
  }

  private void closeDirect() {
    if (direct != null) {
      try {
        direct.close();
      } catch (IOException ignored) {
        // nothing was written through it that the buffered channel cannot sync
      }
      direct = null;
      stages.give(stage);
      stage = null;
    }
  }

  /**
   * Gives {@code file} its final length at once (sparse, a hole until written): on ext4 a write
   * that extends a file journals the new size each time, 65,536 times per GiB. The length says
   * nothing about what is present; the index does.
   */
  static void reserveLength(FileChannel file, long length) throws IOException {
    if (length > 0 && file.size() < length) {
      writeAt(file, ByteBuffer.allocate(1), length - 1);
    }
  }

  static void readAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("partial blob file ends at " + pos);
      }
      pos += n;
    }
  }

  static void writeAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }
}
