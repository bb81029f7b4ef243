package dev.conifer.node.doorway;

import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many concurrent browsers against one doorway: hits, ranges, HEADs, revalidations and misses in a
 * seeded random mix. Every answer is checked (status and bytes); the only status allowed besides
 * the expected one is a 503 with Retry-After (the documented refusal when the queue is full).
 * Shared by {@code DoorwayLoadTest} (5 s in CI) and {@code DoorwayLoadBench} (60 s).
 */
final class DoorwayLoad {
  /** What a run saw. */
  record Result(
      long requests,
      Map<Integer, Long> statuses,
      List<String> errors,
      int doorwayThreadsMax,
      int doorwayThreadsAllowed,
      long heapUsedMaxBytes) {}

  private DoorwayLoad() {}

  static Result run(Path dir, int clients, Duration duration, long seed) throws Exception {
    DoorwayConfig config =
        DoorwayFixture.config().withRate(1e9, Integer.MAX_VALUE); // one address: no rate limit
    try (DoorwayFixture f = new DoorwayFixture(dir, config)) {
      byte[][] contents = {new byte[10_000], new byte[300_000], new byte[1_000_000]};
      BlobHash[] hashes = new BlobHash[contents.length];
      Random r = new Random(seed);
      for (int i = 0; i < contents.length; i++) {
        r.nextBytes(contents[i]);
        hashes[i] = f.add("blob" + i + ".bin", contents[i], null);
      }
      int port = f.server.address().getPort();
      Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
      List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      LongAdder requests = new LongAdder();
      AtomicInteger threadsMax = new AtomicInteger();
      long[] heapMax = {0};
      long end = System.nanoTime() + duration.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        long clientSeed = seed + c;
        Thread t =
            new Thread(
                () -> {
                  Random random = new Random(clientSeed);
                  while (System.nanoTime() < end && errors.size() < 20) {
                    try {
                      int status = oneRequest(port, random, hashes, contents);
                      statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                      requests.increment();
                    } catch (IOException | AssertionError e) {
                      errors.add("client seed " + clientSeed + ": " + e);
                    }
                  }
                },
                "load-client-" + c);
        threads.add(t);
        t.start();
      }
      while (threads.stream().anyMatch(Thread::isAlive)) {
        threadsMax.accumulateAndGet(doorwayThreads(), Math::max);
        Runtime rt = Runtime.getRuntime();
        heapMax[0] = Math.max(heapMax[0], rt.totalMemory() - rt.freeMemory());
        threads.get(0).join(100);
        for (Thread t : threads) {
          if (t.isAlive()) {
            t.join(100);
            break;
          }
        }
      }
      int allowed = config.workers() + Math.min(config.workers() * config.holdersMax(), 32) + 1;
      Map<Integer, Long> counts = new java.util.TreeMap<>();
      statuses.forEach((k, v) -> counts.put(k, v.sum()));
      return new Result(
          requests.sum(), counts, List.copyOf(errors), threadsMax.get(), allowed, heapMax[0]);
    }
  }

  static int doorwayThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("conifer-doorway"))
            .count();
  }

  /** One request of a random kind; returns its status, or fails naming what was wrong. */
  private static int oneRequest(int port, Random random, BlobHash[] hashes, byte[][] contents)
      throws IOException {
    int which = random.nextInt(hashes.length);
    String hit = "/blobs/" + hashes[which].hex();
    int kind = random.nextInt(5);
    HttpURLConnection c;
    switch (kind) {
      case 0 -> c = open(port, hit, "GET");
      case 1 -> {
        c = open(port, hit, "GET");
        c.setRequestProperty("Range", "bytes=1000-1999");
      }
      case 2 -> c = open(port, hit, "HEAD");
      case 3 -> {
        c = open(port, hit, "GET");
        c.setRequestProperty("If-None-Match", "\"" + hashes[which].hex() + "\"");
      }
      default -> {
        byte[] miss = new byte[32];
        random.nextBytes(miss);
        c = open(port, "/blobs/" + java.util.HexFormat.of().formatHex(miss), "GET");
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] body = in == null ? new byte[0] : in.readAllBytes();
    if (in != null) {
      in.close();
    }
    if (status == 503) {
      if (c.getHeaderField("Retry-After") == null) {
        throw new AssertionError("503 without Retry-After");
      }
      return status;
    }
    int expected = new int[] {200, 206, 200, 304, 404}[kind];
    if (status != expected) {
      throw new AssertionError("kind " + kind + ": status " + status + ", want " + expected);
    }
    byte[] want =
        switch (kind) {
          case 0 -> contents[which];
          case 1 -> Arrays.copyOfRange(contents[which], 1000, 2000);
          default -> null;
        };
    if (want != null && !Arrays.equals(body, want)) {
      throw new AssertionError("kind " + kind + ": wrong bytes (" + body.length + " bytes)");
    }
    return status;
  }

  private static HttpURLConnection open(int port, String path, String method) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    return c;
  }
}
