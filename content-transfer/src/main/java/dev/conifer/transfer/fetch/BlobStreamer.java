package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.VerifiedGroup;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Verified bytes of a blob as they become available, for a web doorway: a complete local blob is
 * read from disk; any other is streamed from its holders, each 16 KiB group handed on as soon as it
 * verified against the hash, and only the groups a byte range needs are asked for. Nothing is
 * stored: a doorway passes bytes through (the holders keep the blob).
 *
 * <p>Opening a blob that is not local asks the {@link HolderIndex} for candidates and sends every
 * one of them (up to a bound) a size probe at once; the first holder to prove the size (its last
 * group verifies, which authenticates the length) wins, the other probes are closed. So a HEAD
 * costs one small request, and a dead holder costs nothing while another answers.
 */
public final class BlobStreamer {
  /** Receives verified bytes in order. Throwing stops the read. */
  public interface ByteSink {
    void accept(byte[] data, int offset, int length) throws IOException;
  }

  /** One blob, open for reading byte ranges. */
  public interface Source extends AutoCloseable {
    long size();

    /** Whether the bytes come from this node's store (else from holders). */
    boolean local();

    /** Hands bytes {@code [from, to)} to {@code sink} in order; every byte is verified first. */
    void read(long from, long to, ByteSink sink, FetchCancel cancel) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final BlobStore store;
  private final BlobConnector connector;
  private final HolderIndex holders;
  private final BlobsConfig config;
  private final Executor probes;
  private final int holdersMax;
  private final Duration probeTimeout;
  private final StreamCounters counters = new StreamCounters();

  /** Blobs recently opened from holders: their proven size and holders, best first. */
  private record Known(long size, List<PublicKey> holders, long sinceNs) {}

  /** How many recently opened blobs are remembered, and for how long. */
  static final int KNOWN_MAX = 1024;

  private final LongSupplier nanoClock;

  static final long KNOWN_NANOS = 60_000_000_000L;

  private final java.util.Map<BlobHash, Known> known =
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<BlobHash, Known> eldest) {
          return size() > KNOWN_MAX;
        }
      };

  /**
   * @param probes runs size probes (one task per holder asked)
   * @param holdersMax holders probed at once for one blob
   * @param probeTimeout how long opening a remote blob waits for a holder to prove its size
   * @param nanoClock monotonic nanoseconds (the node passes the real clock)
   */
  public BlobStreamer(
      BlobStore store,
      BlobConnector connector,
      HolderIndex holders,
      BlobsConfig config,
      Executor probes,
      int holdersMax,
      Duration probeTimeout,
      LongSupplier nanoClock) {
    this.store = store;
    this.nanoClock = nanoClock;
    this.connector = connector;
    this.holders = holders;
    this.config = config;
    this.probes = probes;
    this.holdersMax = holdersMax;
    this.probeTimeout = probeTimeout;
  }

  public StreamCounters counters() {
    return counters;
  }

  public BlobStore store() {
    return store;
  }

  /**
   * Opens {@code hash}: the local copy if complete, else the holders that can prove its size (a
   * blob opened in the last minute reuses what was proven then: a video's many range requests cost
   * one lookup). Empty when no holder is known or none proved the size in time.
   */
  public Optional<Source> open(BlobHash hash, FetchCancel cancel) throws IOException {
    Optional<BlobReader> reader = store.openReader(hash);
    if (reader.isPresent()) {
      return Optional.of(new LocalSource(reader.get()));
    }
    Known k;
    synchronized (known) {
      k = known.get(hash);
      if (k != null && nanoClock.getAsLong() - k.sinceNs() > KNOWN_NANOS) {
        known.remove(hash);
        k = null;
      }
    }
    if (k != null) {
      return Optional.of(
          new HolderSource(hash, k.size(), k.holders(), connector, config, counters, holdersMax));
    }
    List<PublicKey> candidates = holders.holders(hash);
    if (candidates.size() > holdersMax) {
      candidates = candidates.subList(0, holdersMax);
    }
    Optional<Proved> proved = prove(hash, candidates, cancel);
    if (proved.isEmpty()) {
      return Optional.empty();
    }
    List<PublicKey> order = new ArrayList<>();
    order.add(proved.get().holder());
    for (PublicKey other : candidates) {
      if (!other.equals(proved.get().holder())) {
        order.add(other);
      }
    }
    synchronized (known) {
      known.put(hash, new Known(proved.get().size(), List.copyOf(order), nanoClock.getAsLong()));
    }
    return Optional.of(
        new HolderSource(
            hash, proved.get().size(), order, connector, config, counters, holdersMax));
  }

  /** Forgets what was proven about {@code hash} (its holders all failed). */
  public void forget(BlobHash hash) {
    synchronized (known) {
      known.remove(hash);
    }
  }

  private record Proved(PublicKey holder, long size) {}

  /** Probes every candidate at once; the first proven size wins and the rest are closed. */
  private Optional<Proved> prove(BlobHash hash, List<PublicKey> candidates, FetchCancel cancel)
      throws IOException {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    FetchCancel probing = new FetchCancel();
    cancel.register(probing);
    try {
      CompletionService<Proved> done = new ExecutorCompletionService<>(probes);
      List<Future<Proved>> futures = new ArrayList<>();
      for (PublicKey h : candidates) {
        futures.add(done.submit(() -> probe(hash, h, probing)));
      }
      long deadline = nanoClock.getAsLong() + probeTimeout.toNanos();
      for (int i = 0; i < futures.size(); i++) {
        Future<Proved> f = done.poll(deadline - nanoClock.getAsLong(), TimeUnit.NANOSECONDS);
        if (f == null) {
          return Optional.empty(); // nobody proved it in time
        }
        try {
          Proved p = f.get();
          counters.probesProved.incrementAndGet();
          return Optional.of(p);
        } catch (ExecutionException e) {
          // that holder has no copy, or could not be reached: wait for the others
        }
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobsException(BlobsError.IO, "interrupted while probing holders of " + hash);
    } finally {
      probing.cancel(); // closes the probes still waiting
      cancel.unregister(probing);
    }
  }

  private Proved probe(BlobHash hash, PublicKey holder, FetchCancel probing) throws IOException {
    counters.probes.incrementAndGet();
    try (BlobsClient client = connector.connect(holder)) {
      probing.register(client);
      BlobsCodec.HaveReply have = client.have(hash);
      if (have.size() < 0) {
        throw new BlobsException(BlobsError.NOT_FOUND, holder.toHex() + " has no copy");
      }
      long lastGroup = BlobTree.groupCount(have.size()) - 1;
      List<VerifiedGroup> got = new ArrayList<>();
      long proven =
          client.get(
              hash, new long[] {BlobTree.groupOffset(lastGroup)}, new long[] {1}, -1, got::add);
      if (got.size() != 1 || got.get(0).index() != lastGroup) {
        throw new BlobsException(BlobsError.PROTOCOL, "size probe returned no last group");
      }
      return new Proved(holder, proven);
    }
  }

  /** A complete blob in this node's store. */
  private static final class LocalSource implements Source {
    private static final int CHUNK = 64 * 1024;
    private final BlobReader reader;

    LocalSource(BlobReader reader) {
      this.reader = reader;
    }

    @Override
    public long size() {
      return reader.size();
    }

    @Override
    public boolean local() {
      return true;
    }

    @Override
    public void read(long from, long to, ByteSink sink, FetchCancel cancel) throws IOException {
      byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(0, to - from))];
      for (long pos = from; pos < to; ) {
        if (cancel.isCancelled()) {
          throw new BlobsException(BlobsError.IO, "cancelled");
        }
        int n = (int) Math.min(buf.length, to - pos);
        reader.readFully(pos, buf, 0, n);
        sink.accept(buf, 0, n);
        pos += n;
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
