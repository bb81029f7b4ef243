package dev.conifer.node;

import dev.conifer.node.cli.TemporaryNode;
import dev.conifer.node.services.BlobServices;
import dev.conifer.session.SessionStream;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobsCodec;
import dev.conifer.transfer.wire.FrameReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cross-process companion of content-transfer's {@code BlobsTransferBench}: the relay and the
 * holder are {@code conifer node} JVMs linked over TCP on 127.0.0.1, and this JVM is the fetching
 * node, as {@code conifer blobs get} is. The holder ({@link BlobsBenchHolder}) is the daemon's
 * {@link ConiferNode} with a raw sink and source besides its blobs, so every transfer runs between
 * the same two warm JVMs. Each round measures the raw session rate both ways (push: this node
 * sends; pull: the holder sends, the fetch's direction), then fetches the blob into a fresh store,
 * and compares the fetch with the better raw rate. Not a test; it asserts nothing.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.conifer.node.BlobsProcessBench JAR SIZE_MIB
 * ROUNDS} (JAR: {@code node/target/conifer.jar}, for the relay). {@code -Dbench.childFlags="..."}
 * sets the JVM flags of the relay and holder processes (default: none). {@code
 * -Dbench.quicStats=true} prints the holder's QUIC statistics of the connection each pull and fetch
 * was sent on (packets, loss, congestion window, RTT). {@code -Dbench.requests=true} adds two
 * baselines: the raw pull in 1 MiB requests with 4 outstanding, as the fetch asks for groups, and
 * unchecked GETs (the holder's real GET responses, neither verified nor stored). {@code
 * -Dbench.only=fetch} (or {@code pull}, {@code requests}) runs only those after the warm-up,
 * between "profile: start" and "profile: end" lines, for a profiler.
 */
public final class BlobsProcessBench {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final ConiferNode fetcher;
  private final PublicKey holder;
  private final BlobsBenchStats stats;

  private BlobsProcessBench(
      Path dir, ConiferNode fetcher, PublicKey holder, BlobsBenchStats stats) {
    this.dir = dir;
    this.fetcher = fetcher;
    this.holder = holder;
    this.stats = stats;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    long size = Long.parseLong(args.length > 1 ? args[1] : "1024") << 20;
    int rounds = Integer.parseInt(args.length > 2 ? args[2] : "3");
    String flags = System.getProperty("bench.childFlags", "").strip();
    List<String> childFlags = flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    Path dir = Files.createTempDirectory("blobs-process-bench");
    BlobHash hash;
    try (FileBlobStore holderStore = new FileBlobStore(dir.resolve("holder"), () -> 0L)) {
      hash = holderStore.put(new SeededBytes(size, 1));
    }
    try (NodeProcess relay =
        NodeProcess.start(
            jar,
            dir,
            "relay",
            childFlags,
            List.of(
                "node",
                "--relay-only",
                "--listen",
                "tcp://127.0.0.1:0",
                "--admin",
                "127.0.0.1:0"))) {
      String relayUri = relay.waitForLine("listening", START_TIMEOUT);
      URI relayAdmin = URI.create(relay.waitForLine("admin", START_TIMEOUT));
      NodeProcess holder =
          NodeProcess.startClass(
              dir,
              "holder",
              childFlags,
              BlobsBenchHolder.class,
              List.of(dir.resolve("holder").toString(), relayUri));
      PublicKey holderKey = PublicKey.fromHex(holder.waitForLine("public-key", START_TIMEOUT));
      try (holder;
          ConiferNode node = TemporaryNode.start(relayUri, null)) {
        BlobsProcessBench bench =
            new BlobsProcessBench(
                dir, node, holderKey, new BlobsBenchStats(node, holderKey, relayAdmin));
        bench.push(size); // warm-up of every path (JIT, QUIC windows)
        bench.pull(size);
        bench.fetch(hash, 0);
        String only = System.getProperty("bench.only", "");
        if (only.isEmpty()) {
          bench.compare(hash, size, rounds);
        } else {
          // Only fetches (or only pulls), back to back, for a profiler attached between the marks.
          System.out.println("profile: start");
          for (int r = 1; r <= rounds; r++) {
            double rate =
                switch (only) {
                  case "pull" -> bench.pull(size);
                  case "requests" -> bench.pullInRequests(size);
                  case "gets" -> bench.getsUnchecked(hash, size);
                  default -> bench.fetch(hash, r);
                };
            System.out.printf("%s %d: %.1f MiB/s%n", only, r, rate);
          }
          System.out.println("profile: end");
        }
      }
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  /** Rounds of push, pull and fetch; prints each and the median ratios. */
  private void compare(BlobHash hash, long size, int rounds) throws Exception {
    List<Double> vsPush = new ArrayList<>();
    List<Double> vsPull = new ArrayList<>();
    List<Double> vsBetter = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      int round = r;
      double push = push(size);
      double pull = stats.around("pull", "source", () -> pull(size));
      boolean more = Boolean.getBoolean("bench.requests");
      double requests = more ? pullInRequests(size) : Double.NaN;
      double gets = more ? getsUnchecked(hash, size) : Double.NaN;
      double fetch = stats.around("fetch", "blobs", () -> fetch(hash, round));
      vsPush.add(fetch / push);
      vsPull.add(fetch / pull);
      vsBetter.add(fetch / Math.max(push, pull));
      System.out.printf(
          "round %d: raw push %.1f, pull %.1f, pull in requests %.1f, unchecked GETs %.1f,"
              + " fetch %.1f MiB/s (%.0f%% of push, %.0f%% of pull)%n",
          r, push, pull, requests, gets, fetch, 100 * fetch / push, 100 * fetch / pull);
    }
    printMedian("push", vsPush);
    printMedian("pull", vsPull);
    printMedian("the better raw", vsBetter);
  }

  private static void printMedian(String baseline, List<Double> ratios) {
    List<Double> sorted = ratios.stream().sorted().toList();
    System.out.printf(
        "fetch / %s over %d rounds: median %.0f%%, min %.0f%%, max %.0f%%%n",
        baseline,
        sorted.size(),
        100 * sorted.get(sorted.size() / 2),
        100 * sorted.get(0),
        100 * sorted.get(sorted.size() - 1));
  }

  /** Sends {@code size} bytes to the holder's sink; returns MiB/s until its answer. */
  private double push(long size) throws Exception {
    SessionStream s =
        fetcher.sessions().dial(holder, BlobsBenchHolder.SINK).get(60, TimeUnit.SECONDS);
    byte[] buf = new byte[64 << 10];
    long t0 = System.nanoTime();
    OutputStream out = s.outputStream();
    for (long w = 0; w < size; w += buf.length) {
      out.write(buf, 0, (int) Math.min(buf.length, size - w));
    }
    out.close();
    s.inputStream().read(); // the sink answers after reading everything
    double seconds = (System.nanoTime() - t0) / 1e9;
    s.close();
    return size / seconds / (1 << 20);
  }

  /** Receives {@code size} bytes from the holder's source, the fetch's direction; MiB/s. */
  private double pull(long size) throws Exception {
    SessionStream s =
        fetcher.sessions().dial(holder, BlobsBenchHolder.SOURCE).get(60, TimeUnit.SECONDS);
    byte[] buf = new byte[64 << 10];
    long t0 = System.nanoTime();
    new DataOutputStream(s.outputStream()).writeLong(size);
    s.outputStream().close(); // one request: the source answers it, then finishes
    long got = 0;
    InputStream in = s.inputStream();
    for (int n; (n = in.read(buf)) >= 0; ) {
      got += n;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    s.close();
    if (got != size) {
      throw new IOException("pulled " + got + " of " + size + " bytes");
    }
    return size / seconds / (1 << 20);
  }

  /**
   * Receives {@code size} bytes from the holder's source in 1 MiB requests, 4 outstanding, as the
   * fetch asks for groups (without proofs, hashing or a store); MiB/s.
   */
  private double pullInRequests(long size) throws Exception {
    SessionStream s =
        fetcher.sessions().dial(holder, BlobsBenchHolder.SOURCE).get(60, TimeUnit.SECONDS);
    int request = 1 << 20;
    long requests = (size + request - 1) / request;
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(4);
    long t0 = System.nanoTime();
    Thread asker =
        startAsker(
            s,
            requests,
            window,
            i -> {
              ByteBuffer count = ByteBuffer.allocate(8);
              count.putLong(0, Math.min(request, size - i * request));
              return count;
            });
    byte[] buf = new byte[64 << 10];
    long got = 0;
    long nextAnswer = request;
    InputStream in = s.inputStream();
    for (int n; (n = in.read(buf)) >= 0; ) {
      got += n;
      while (got >= nextAnswer) {
        window.release();
        nextAnswer += request;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    asker.join();
    s.close();
    if (got != size) {
      throw new IOException("pulled " + got + " of " + size + " bytes");
    }
    return size / seconds / (1 << 20);
  }

  /**
   * Real GETs of 1 MiB ({@code -Dbench.getMiB}), 4 outstanding, on one {@code conifer-blobs/1}
   * stream, as the fetch sends them; the responses are split into frames and dropped, neither
   * verified nor stored. This separates the holder's side of a fetch from the fetching node's.
   * MiB/s of group bytes.
   */
  private double getsUnchecked(BlobHash hash, long size) throws Exception {
    SessionStream s = fetcher.sessions().dial(holder, BlobsCodec.ALPN).get(60, TimeUnit.SECONDS);
    int request = Integer.getInteger("bench.getMiB", 1) << 20;
    long requests = (size + request - 1) / request;
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(4);
    long t0 = System.nanoTime();
    Thread asker =
        startAsker(
            s,
            requests,
            window,
            i ->
                BlobsCodec.encodeGet(
                    hash,
                    new long[] {i * request},
                    new long[] {Math.min(request, size - i * request)}));
    FrameReader frames = new FrameReader(BlobsCodec.PAYLOAD_LENGTH_MAX);
    InputStream in = s.inputStream();
    long groupBytes = 0;
    for (long done = 0; done < requests; ) {
      ByteBuffer payload = frames.pollFrame();
      if (payload == null) {
        if (frames.readFrom(in::read) < 0) {
          throw new IOException("stream ended after " + done + " of " + requests + " responses");
        }
        continue;
      }
      byte type = frames.frameType();
      if (type == BlobsCodec.GROUP) {
        groupBytes += payload.remaining() - BlobsCodec.GROUP_INDEX_LENGTH;
      } else if (type == BlobsCodec.DONE) {
        done++;
        window.release();
      } else if (type == BlobsCodec.ERROR) {
        throw BlobsCodec.decodeError(payload);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    asker.join();
    s.close();
    if (groupBytes != size) {
      throw new IOException("got " + groupBytes + " of " + size + " bytes");
    }
    return size / seconds / (1 << 20);
  }

  /**
   * Starts a thread that writes {@code requests} requests on {@code s}, taking a {@code window}
   * permit before each (the reader returns one per answer), then finishes the stream's output.
   */
  private static Thread startAsker(
      SessionStream s,
      long requests,
      java.util.concurrent.Semaphore window,
      java.util.function.LongFunction<ByteBuffer> request) {
    Thread asker =
        new Thread(
            () -> {
              try {
                OutputStream out = s.outputStream();
                for (long i = 0; i < requests; i++) {
                  window.acquire();
                  ByteBuffer r = request.apply(i);
                  out.write(r.array(), r.arrayOffset(), r.limit());
                  out.flush();
                }
                out.close();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "bench-asker");
    asker.start();
    return asker;
  }

  /** Fetches the blob into a fresh store, as {@code conifer blobs get} does; returns MiB/s. */
  private double fetch(BlobHash hash, int round) throws IOException {
    Path data = dir.resolve("fetch" + round);
    try (BlobServices blobs = BlobServices.open(data, fetcher.sessions(), List::of, List.of())) {
      long t0 = System.nanoTime();
      FetchResult r = blobs.fetcher().fetch(hash, List.of(holder), null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return r.size() / seconds / (1 << 20);
    } finally {
      deleteTree(data);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code size} seeded pseudo-random bytes, generated as they are read. */
  private static final class SeededBytes extends InputStream {
    private final SplittableRandom random;
    private long left;

    SeededBytes(long size, long seed) {
      this.left = size;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      left -= n;
      return n;
    }
  }
}
