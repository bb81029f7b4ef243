package dev.conifer.transfer.store;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.Blake3;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.Outboard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Blobs as files under {@code <dataDir>/blobs/}: {@code ab/<hex>.data} (content) and {@code
 * ab/<hex>.obao} (32-byte group chaining values), indexed by {@code index.sqlite}. A blob's state
 * lives only in the index, so completion is one transaction after the files are verified and
 * synced; imports are staged under {@code tmp/} and renamed into place before the index row.
 */
public final class FileBlobStore implements BlobStore {
  private final Path root;
  private final BlobIndex index;
  private final LongSupplier epochMs;
  private final long flushLength;
  private final long directWritesFrom;

  /** Direct writes' buffers: at most 4 MiB of direct memory; more fetches write buffered. */
  private final StageBuffers stages = new StageBuffers(4);

  /** Partial blobs of this size and up are written with direct I/O, where the disk allows it. */
  public static final long DIRECT_WRITES_FROM_DEFAULT = 4L << 20;

  /** Bytes of verified groups between syncs of a partial blob, by default. */
  public static final long FLUSH_LENGTH_DEFAULT = 4L << 20;

  /**
   * A blob's last access is rewritten at most this often. Every index write is a synced commit, and
   * a holder opens the blob for every GET: touching it each time cost a sync per MiB served.
   * Eviction only needs the order of accesses to within a minute.
   */
  public static final long TOUCH_INTERVAL_MS = 60_000;

  /** Runs partial blobs' periodic syncs off the writing thread; its thread starts on first use. */
  private final java.util.concurrent.ExecutorService syncer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "blob-sync");
            t.setDaemon(true);
            return t;
          });

  private final java.util.Map<BlobHash, Outboard> outboards =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<BlobHash, Outboard> e) {
          return size() > 8;
        }
      };

  /**
   * @param epochMs wall clock for last-access times (the node supplies it)
   * @param flushLength bytes of verified groups between syncs of a partial blob
   * @param directWritesFrom partial blobs of at least this many bytes are written with direct I/O
   *     (no page-cache copy; see {@link GroupFile}) where the file system supports it; {@code
   *     Long.MAX_VALUE} writes every blob through the page cache
   */
  public FileBlobStore(Path dataDir, LongSupplier epochMs, long flushLength, long directWritesFrom)
      throws IOException {
    if (flushLength < 1 || directWritesFrom < 0) {
      throw new IllegalArgumentException(
          "flushLength must be positive and directWritesFrom non-negative: "
              + flushLength
              + ", "
              + directWritesFrom);
    }
    this.root = dataDir.resolve("blobs");
    this.epochMs = epochMs;
    this.flushLength = flushLength;
    this.directWritesFrom = directWritesFrom;
    Files.createDirectories(root.resolve("tmp"));
    try (var leftovers = Files.list(root.resolve("tmp"))) {
      for (Path p : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(p); // an import killed midway: never indexed, safe to drop
      }
    }
    this.index = new BlobIndex(root.resolve("index.sqlite"));
  }

  public FileBlobStore(Path dataDir, LongSupplier epochMs, long flushLength) throws IOException {
    this(dataDir, epochMs, flushLength, DIRECT_WRITES_FROM_DEFAULT);
  }

  public FileBlobStore(Path dataDir, LongSupplier epochMs) throws IOException {
    this(dataDir, epochMs, FLUSH_LENGTH_DEFAULT);
  }

  public Path dataFile(BlobHash h) {
    return root.resolve(h.hex().substring(0, 2)).resolve(h.hex() + ".data");
  }

  public Path outboardFile(BlobHash h) {
    return root.resolve(h.hex().substring(0, 2)).resolve(h.hex() + ".obao");
  }

  @Override
  public BlobHash put(InputStream in) throws IOException {
    Path tmpData = Files.createTempFile(root.resolve("tmp"), "put", ".data");
    Path tmpObao = Files.createTempFile(root.resolve("tmp"), "put", ".obao");
    long size = 0;
    int[] cvs = new int[8 * 64];
    byte[] group = new byte[BlobTree.GROUP_LENGTH];
    long groups = 0;
    byte[] firstGroup = null;
    try (FileChannel data = FileChannel.open(tmpData, StandardOpenOption.WRITE)) {
      while (true) {
        int n = in.readNBytes(group, 0, group.length);
        if (n > 0 || groups == 0) {
          data.write(ByteBuffer.wrap(group, 0, n));
          if (cvs.length < 8 * (groups + 1)) {
            cvs = Arrays.copyOf(cvs, cvs.length * 2);
          }
          System.arraycopy(
              BlobTree.groupCv(groups, group, 0, n, false), 0, cvs, 8 * (int) groups, 8);
          if (groups == 0) {
            firstGroup = Arrays.copyOf(group, n);
          }
          size += n;
          groups++;
        }
        if (n < group.length) {
          break;
        }
      }
      data.force(true);
    }
    int[] groupCvs = Arrays.copyOf(cvs, (int) (8 * groups));
    BlobHash hash;
    if (groups == 1) {
      hash = BlobHash.ofContent(firstGroup);
    } else {
      hash = BlobHash.of(Blake3.toBytes(BlobTree.rootFromGroups(new Outboard(size, groupCvs))));
    }
    writeOutboard(tmpObao, groupCvs);
    synchronized (this) {
      Optional<BlobInfo> existing = index.get(hash);
      if (existing.isPresent() && existing.get().complete()) {
        Files.delete(tmpData);
        Files.delete(tmpObao);
        return hash;
      }
      Files.createDirectories(dataFile(hash).getParent());
      move(tmpData, dataFile(hash));
      move(tmpObao, outboardFile(hash));
      syncDir(dataFile(hash).getParent());
      GroupRanges all = GroupRanges.of(0, groups);
      index.put(new BlobInfo(hash, size, BlobInfo.State.COMPLETE, all, epochMs.getAsLong()));
    }
    return hash;
  }

  @Override
  public synchronized boolean has(BlobHash hash) throws IOException {
    return index.get(hash).map(BlobInfo::complete).orElse(false);
  }

  @Override
  public synchronized Optional<BlobInfo> info(BlobHash hash) throws IOException {
    return index.get(hash);
  }

  @Override
  public synchronized Optional<BlobReader> openReader(BlobHash hash) throws IOException {
    Optional<BlobInfo> info = index.get(hash);
    if (info.isEmpty() || !info.get().complete()) {
      return Optional.empty();
    }
    long now = epochMs.getAsLong();
    if (Math.abs(now - info.get().lastAccessEpochMs()) >= TOUCH_INTERVAL_MS) {
      index.touch(hash, now);
    }
    long size = info.get().size();
    return Optional.of(new FileBlobReader(dataFile(hash), () -> outboard(hash, size), size));
  }

  /** Complete blobs never change, so their outboard trees are cached (a few, most recent). */
  private synchronized Outboard outboard(BlobHash hash, long size) throws IOException {
    Outboard o = outboards.get(hash);
    if (o == null) {
      o = Outboard.read(outboardFile(hash), size);
      outboards.put(hash, o);
    }
    return o;
  }

  @Override
  public synchronized PartialBlob openPartial(BlobHash hash, long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    Optional<BlobInfo> info = index.get(hash);
    if (info.isPresent() && info.get().size() != size) {
      throw new BlobsException(
          BlobsError.VERIFICATION_FAILED,
          "blob " + hash + " is indexed with size " + info.get().size() + ", not " + size);
    }
    Files.createDirectories(dataFile(hash).getParent());
    if (info.isEmpty()) {
      // A file left from a crash before indexing holds nothing we trust: start it empty.
      Files.deleteIfExists(dataFile(hash));
      Files.deleteIfExists(outboardFile(hash));
      index.put(
          new BlobInfo(hash, size, BlobInfo.State.PARTIAL, GroupRanges.EMPTY, epochMs.getAsLong()));
      info = index.get(hash);
    }
    return new FilePartialBlob(this, info.get(), dataFile(hash), outboardFile(hash), flushLength);
  }

  long directWritesFrom() {
    return directWritesFrom;
  }

  StageBuffers stages() {
    return stages;
  }

  java.util.concurrent.Executor syncExecutor() {
    return syncer;
  }

  /** Called by a partial blob: record its synced ranges (and maybe completion) in one commit. */
  synchronized void record(BlobHash hash, long size, GroupRanges present, boolean complete)
      throws IOException {
    BlobInfo.State state = complete ? BlobInfo.State.COMPLETE : BlobInfo.State.PARTIAL;
    index.put(new BlobInfo(hash, size, state, present, epochMs.getAsLong()));
  }

  @Override
  public synchronized List<BlobInfo> list() throws IOException {
    return index.list();
  }

  @Override
  public synchronized void describe(BlobHash hash, BlobMeta meta) throws IOException {
    index.putMeta(hash, meta);
  }

  @Override
  public synchronized BlobMeta meta(BlobHash hash) throws IOException {
    return index.meta(hash).orElse(BlobMeta.UNKNOWN);
  }

  /** Blobs pinned since {@code cursor} (0: every pin), with the next cursor. */
  public synchronized PinsSince pinsSince(long cursor) throws IOException {
    return index.pinsSince(cursor);
  }

  @Override
  public synchronized void pin(BlobHash hash, Pin pin) throws IOException {
    index.pin(hash, pin);
  }

  @Override
  public synchronized boolean unpin(BlobHash hash, String tag) throws IOException {
    return index.unpin(hash, tag);
  }

  @Override
  public synchronized List<Pin> pins(BlobHash hash) throws IOException {
    return index.pins(hash);
  }

  @Override
  public synchronized java.util.Map<BlobHash, List<Pin>> allPins() throws IOException {
    return index.allPins();
  }

  @Override
  public synchronized boolean delete(BlobHash hash) throws IOException {
    outboards.remove(hash);
    boolean had = index.delete(hash);
    Files.deleteIfExists(dataFile(hash));
    Files.deleteIfExists(outboardFile(hash));
    return had;
  }

  @Override
  public synchronized void close() throws IOException {
    syncer.shutdown();
    index.close();
  }

  static void writeOutboard(Path file, int[] groupCvs) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(groupCvs.length * 4);
      for (int g = 0; g < groupCvs.length / 8; g++) {
        int[] cv = Arrays.copyOfRange(groupCvs, 8 * g, 8 * g + 8);
        b.put(Blake3.toBytes(cv));
      }
      b.flip();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename is then as durable as it gets.
    }
  }
}
