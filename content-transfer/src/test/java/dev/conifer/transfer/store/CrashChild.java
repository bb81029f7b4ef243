package dev.conifer.transfer.store;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Child process for {@link BlobStoreCrashTest}: writes a blob into a store and reports each step on
 * stdout, so the parent can kill it (SIGKILL) at a chosen point.
 *
 * <p>Usage: {@code CrashChild partial|put|fetch[-direct] DATA_DIR SEED}. In {@code fetch} mode the
 * child fetches from an in-process holder (its own store under DATA_DIR/holder) into
 * DATA_DIR/local. The {@code -direct} suffix writes the partial blob with direct I/O (where the
 * file system has it), which stages groups in memory before they reach the file.
 */
public final class CrashChild {
  static final int GROUPS = 40;

  static byte[] content(long seed) {
    byte[] b = new byte[GROUPS * BlobTree.GROUP_LENGTH - 333];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static void main(String[] args) throws Exception {
    boolean direct = args[0].endsWith("-direct");
    String mode = args[0].replace("-direct", "");
    long directWritesFrom = FilePartialBlobTest.directWritesFrom(direct);
    Path dataDir = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    byte[] content = content(seed);
    if (mode.equals("fetch")) {
      fetch(dataDir, content, directWritesFrom);
      return;
    }
    long flushLength = 2L * BlobTree.GROUP_LENGTH;
    try (FileBlobStore store =
        new FileBlobStore(dataDir, () -> 0L, flushLength, directWritesFrom)) {
      if (mode.equals("put")) {
        InputStream in =
            new ByteArrayInputStream(content) {
              @Override
              public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, Math.min(len, 4096));
                System.out.println("read " + n);
                System.out.flush();
                return n;
              }
            };
        store.put(in);
        System.out.println("done");
        return;
      }
      BlobHash hash = BlobHash.ofContent(content);
      List<Long> order = new ArrayList<>();
      for (long g = 0; g < BlobTree.groupCount(content.length); g++) {
        order.add(g);
      }
      Collections.shuffle(order, new Random(seed));
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        for (long g : order) {
          int off = (int) BlobTree.groupOffset(g);
          int len = BlobTree.groupLength(content.length, g);
          if (p.writeGroup(g, content, off, BlobTree.groupCv(g, content, off, len, false))) {
            System.out.println("group " + g);
            System.out.flush();
          }
        }
        System.out.println("completing");
        System.out.flush();
        p.tryComplete();
        System.out.println("done");
      }
    }
  }

  /** Small units and frequent syncs, so a kill lands between many recorded steps. */
  static final BlobsConfig FETCH_CONFIG =
      new BlobsConfig(64, 64L << 20, 8, BlobTree.GROUP_LENGTH, 1, 3, 2L * BlobTree.GROUP_LENGTH);

  static void fetch(Path dataDir, byte[] content, long directWritesFrom) throws Exception {
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newCachedThreadPool(FakeHolders.daemon());
    try (FileBlobStore holder = new FileBlobStore(dataDir.resolve("holder"), () -> 0L);
        FileBlobStore local =
            new FileBlobStore(
                dataDir.resolve("local"), () -> 0L, 2L * BlobTree.GROUP_LENGTH, directWritesFrom);
        FakeHolders net = new FakeHolders()) {
      BlobHash hash = holder.put(new ByteArrayInputStream(content));
      net.add(FakeHolders.key(1), new BlobsServer(holder, FETCH_CONFIG));
      System.out.println("fetching");
      System.out.flush();
      new BlobFetcher(local, net, FETCH_CONFIG, System::nanoTime, executor)
          .fetch(
              hash,
              List.of(FakeHolders.key(1)),
              (done, size) -> {
                System.out.println("progress " + done);
                System.out.flush();
              });
      System.out.println("done");
    } finally {
      executor.shutdownNow();
    }
  }
}
