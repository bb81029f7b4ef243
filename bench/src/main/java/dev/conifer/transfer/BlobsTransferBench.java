package dev.conifer.transfer;

import dev.conifer.router.Router;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsCodec;
import dev.conifer.transfer.wire.BlobsServer;
import dev.conifer.transfer.wire.SessionBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures blob fetch throughput over real sessions through one relay against the raw session rate
 * in the same run. Not a test (it asserts nothing); run with {@code java -cp
 * bench/target/benchmarks.jar dev.conifer.transfer.BlobsTransferBench SIZE_MIB LIMIT_MIBPS}.
 * Options: {@code -Dbench.rounds=N} more adjacent (raw, fetch) pairs and their median ratio; {@code
 * -Dbench.pull=true} also the raw rate in the fetch's direction (holder to fetcher); {@code
 * -Dbench.singleOnly=true} skips the rate-limited phase; {@code -Dbench.profileFetches=N} runs only
 * N fetches after the warm-up, between "profile: start" and "profile: end" lines (raw transfers
 * instead with {@code -Dbench.profileRaw=true}); {@code -Dbench.depth}, {@code -Dbench.requestKiB}
 * tune pipelining.
 */
public final class BlobsTransferBench {
  static final String SINK = "conifer-bench-sink";
  static final String SOURCE = "conifer-bench-source";
  static final BlobsConfig CONFIG =
      new BlobsConfig(
          64,
          64L << 20,
          8,
          Long.getLong("bench.requestKiB", 1024) << 10,
          Integer.getInteger("bench.depth", BlobsConfig.defaults().fetchPipelineDepth()),
          3,
          4L << 20);

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args.length > 0 ? args[0] : "64") << 20;
    double limitMiBps = Double.parseDouble(args.length > 1 ? args[1] : "4");
    Path dir = Files.createTempDirectory("blobs-bench");
    ExecutorService executor = Executors.newCachedThreadPool(FakeHolders.daemon());
    try (TestOverlay overlay = new TestOverlay()) {
      // fetcher 1 - relay 2 - holders 3, 4, 5 (all behind the relay)
      Router f = overlay.router(1);
      Router relay = overlay.router(2);
      TestOverlay.link(f, relay);
      Sessions fs = overlay.sessions(f, 1, SessionConfig.defaults());
      List<Router> holders = List.of(overlay.router(3), overlay.router(4), overlay.router(5));
      BlobHash hash = null;
      byte[] block = new byte[1 << 20];
      new Random(1).nextBytes(block);
      Path source = dir.resolve("source");
      try (OutputStream out = Files.newOutputStream(source)) {
        for (long w = 0; w < size; w += block.length) {
          out.write(block, 0, (int) Math.min(block.length, size - w));
        }
      }
      FileBlobStore[] stores = new FileBlobStore[3];
      Sessions[] hs = new Sessions[3];
      for (int i = 0; i < 3; i++) {
        TestOverlay.link(holders.get(i), relay);
        hs[i] = overlay.sessions(holders.get(i), 3 + i, SessionConfig.defaults());
        stores[i] = new FileBlobStore(dir.resolve("h" + i), () -> 0L);
        try (InputStream in = Files.newInputStream(source)) {
          hash = stores[i].put(in);
        }
      }
      // The source was only input and was never synced: deleting it drops its dirty pages, which
      // the kernel would otherwise write back ~30 s later, in the middle of the measured phase.
      Files.delete(source);
      hs[0].listen(SINK, s -> drain(s));
      hs[0].listen(SOURCE, s -> source(s));
      // Warm up (JIT, QUIC windows) with one raw transfer and one fetch, then measure
      // raw, fetch, raw again and compare with the better raw run.
      rawSessionRate(fs, holders.get(0), size);
      double raw1 = rawSessionRate(fs, holders.get(0), size);

      BlobsServer unlimited = new BlobsServer(stores[0], BlobsConfig.defaults());
      SessionBlobs.listen(hs[0], unlimited);
      fetchRate(fs, hash, List.of(holders.get(0).publicKey()), dir.resolve("f0"), executor);
      deleteTree(dir.resolve("f0"));
      int profileFetches = Integer.getInteger("bench.profileFetches", 0);
      if (profileFetches > 0) {
        // Only fetches (or raw transfers), back to back, for a profiler attached between the marks.
        boolean raw = Boolean.getBoolean("bench.profileRaw");
        System.out.println("profile: start");
        for (int i = 0; i < profileFetches; i++) {
          Path into = dir.resolve("p" + i);
          double rate =
              raw
                  ? rawSessionRate(fs, holders.get(0), size)
                  : fetchRate(fs, hash, List.of(holders.get(0).publicKey()), into, executor);
          if (!raw) {
            deleteTree(into);
          }
          System.out.printf("profile %s %d: %.1f MiB/s%n", raw ? "raw" : "fetch", i, rate);
        }
        System.out.println("profile: end");
        return;
      }
      double one =
          fetchRate(fs, hash, List.of(holders.get(0).publicKey()), dir.resolve("f1"), executor);
      double raw2 = rawSessionRate(fs, holders.get(0), size);
      double raw = Math.max(raw1, raw2);
      System.out.printf("raw session (1 stream, via relay): %.1f then %.1f MiB/s%n", raw1, raw2);
      if (Boolean.getBoolean("bench.pull")) {
        System.out.printf(
            "raw session, holder to fetcher: %.1f MiB/s%n", rawPullRate(fs, holders.get(0), size));
      }
      System.out.printf("fetch, 1 holder: %.1f MiB/s (%.0f%% of raw)%n", one, 100 * one / raw);
      // More (raw, fetch) pairs, each compared with its own raw run: on a shared machine the load
      // changes within seconds, so the median ratio of adjacent pairs says more than one pair.
      int rounds = Integer.getInteger("bench.rounds", 1);
      List<Double> ratios = new java.util.ArrayList<>(List.of(one / raw));
      for (int r = 1; r < rounds; r++) {
        double rawR = rawSessionRate(fs, holders.get(0), size);
        Path into = dir.resolve("round" + r);
        double oneR = fetchRate(fs, hash, List.of(holders.get(0).publicKey()), into, executor);
        deleteTree(into);
        ratios.add(oneR / rawR);
        System.out.printf(
            "round %d: raw %.1f, fetch %.1f MiB/s (%.0f%%)%n", r, rawR, oneR, 100 * oneR / rawR);
      }
      if (rounds > 1) {
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf(
            "fetch / raw over %d pairs: median %.0f%%, min %.0f%%, max %.0f%%%n",
            rounds,
            100 * sorted.get(sorted.size() / 2),
            100 * sorted.get(0),
            100 * sorted.get(sorted.size() - 1));
      }
      if (Boolean.getBoolean("bench.singleOnly")) {
        return;
      }

      // Rate-limited holders: each holder's uplink is capped (token bucket on its stream).
      for (int i = 0; i < 3; i++) {
        BlobsServer limited = new BlobsServer(stores[i], BlobsConfig.defaults());
        hs[i].listen(BlobsCodec.ALPN + "-limited", s -> serveLimited(limited, s, limitMiBps));
      }
      double oneLimited =
          fetchRate(
              fs, hash, List.of(holders.get(0).publicKey()), dir.resolve("f2"), executor, true);
      double threeLimited = fetchRate(fs, hash, keys(holders), dir.resolve("f3"), executor, true);
      System.out.printf(
          "limited to %.1f MiB/s per holder: 1 holder %.1f MiB/s, 3 holders %.1f MiB/s (%.2fx)%n",
          limitMiBps, oneLimited, threeLimited, threeLimited / oneLimited);
      for (FileBlobStore s : stores) {
        s.close();
      }
    } finally {
      executor.shutdownNow();
      deleteTree(dir);
    }
    System.exit(0); // session and router threads are not daemons
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static List<dev.conifer.snek.wire.PublicKey> keys(List<Router> routers) {
    return routers.stream().map(Router::publicKey).toList();
  }

  static void drain(SessionStream s) throws IOException {
    byte[] buf = new byte[64 * 1024];
    InputStream in = s.inputStream();
    while (in.read(buf) >= 0) {
      // discard
    }
    s.outputStream().write(1);
    s.outputStream().close();
  }

  /** CPU time of the whole process (every node is in it), to report CPU per MiB moved. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void printCpu(String what, long cpuNanos, long size) {
    System.out.printf(
        "  %s: %.1f CPU-ms per MiB (all nodes)%n", what, cpuNanos / 1e6 / (size / (1 << 20)));
  }

  /** Sends the number of bytes the dialler asks for (8-byte request), in 64 KiB writes. */
  static void source(SessionStream s) throws IOException {
    long size = new java.io.DataInputStream(s.inputStream()).readLong();
    byte[] buf = new byte[64 * 1024];
    OutputStream out = s.outputStream();
    for (long w = 0; w < size; w += buf.length) {
      out.write(buf, 0, (int) Math.min(buf.length, size - w));
    }
    out.close();
  }

  /** Raw session rate in the fetch's direction: the holder sends, the fetcher reads. */
  static double rawPullRate(Sessions from, Router to, long size) throws Exception {
    SessionStream s = from.dial(to.publicKey(), SOURCE).get(20, TimeUnit.SECONDS);
    byte[] buf = new byte[64 * 1024];
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    new java.io.DataOutputStream(s.outputStream()).writeLong(size);
    s.outputStream().flush();
    InputStream in = s.inputStream();
    long got = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      got += n;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    printCpu("raw pull", processCpuNanos() - cpu0, size);
    s.close();
    if (got != size) {
      throw new IOException("pulled " + got + " of " + size + " bytes");
    }
    return size / seconds / (1 << 20);
  }

  static double rawSessionRate(Sessions from, Router to, long size) throws Exception {
    SessionStream s = from.dial(to.publicKey(), SINK).get(20, TimeUnit.SECONDS);
    byte[] buf = new byte[64 * 1024];
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    OutputStream out = s.outputStream();
    for (long w = 0; w < size; w += buf.length) {
      out.write(buf, 0, (int) Math.min(buf.length, size - w));
    }
    out.close();
    s.inputStream().read(); // the sink acknowledges after reading everything
    double seconds = (System.nanoTime() - t0) / 1e9;
    printCpu("raw", processCpuNanos() - cpu0, size);
    s.close();
    return size / seconds / (1 << 20);
  }

  static double fetchRate(
      Sessions fs,
      BlobHash hash,
      List<dev.conifer.snek.wire.PublicKey> holders,
      Path dir,
      ExecutorService executor)
      throws IOException {
    return fetchRate(fs, hash, holders, dir, executor, false);
  }

  static double fetchRate(
      Sessions fs,
      BlobHash hash,
      List<dev.conifer.snek.wire.PublicKey> holders,
      Path dir,
      ExecutorService executor,
      boolean limited)
      throws IOException {
    SessionBlobs plain = new SessionBlobs(fs, Duration.ofSeconds(20));
    BlobConnector connector =
        limited
            ? holder -> {
              try {
                SessionStream s =
                    fs.dial(holder, BlobsCodec.ALPN + "-limited").get(20, TimeUnit.SECONDS);
                return new BlobsClient(s.inputStream(), s.outputStream(), s);
              } catch (Exception e) {
                throw new IOException(e);
              }
            }
            : plain;
    try (FileBlobStore local =
        new FileBlobStore(dir, () -> 0L, Long.getLong("bench.flushMiB", 4) << 20)) {
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      FetchResult r =
          new BlobFetcher(local, connector, CONFIG, System::nanoTime, executor)
              .fetch(hash, holders, null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      printCpu("fetch", processCpuNanos() - cpu0, r.size());
      System.out.println("  groups by holder: " + r.groupsByHolder().values());
      return r.size() / seconds / (1 << 20);
    }
  }

  static void serveLimited(BlobsServer server, SessionStream s, double mibps) throws IOException {
    OutputStream raw = s.outputStream();
    double bytesPerNs = mibps * (1 << 20) / 1e9;
    long start = System.nanoTime();
    OutputStream limited =
        new OutputStream() {
          long sent;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            sent += len;
            long due = start + (long) (sent / bytesPerNs);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait); // pacing the simulated uplink, not a test wait
            }
            raw.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            raw.flush();
          }
        };
    try (s) {
      server.serve(s.remoteKey(), s.inputStream(), limited);
      raw.close();
    }
  }
}
