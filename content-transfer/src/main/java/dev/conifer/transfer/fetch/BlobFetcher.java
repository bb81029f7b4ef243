package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.VerifiedGroup;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.store.PartialBlob;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsCodec;
import dev.conifer.transfer.wire.GetVerifier;
import dev.conifer.transfer.wire.GroupCheckPipeline;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Multi-source, resumable fetch: one worker per holder pulls units from a {@link FetchScheduler}
 * and writes verified groups into a {@link PartialBlob}. The blob's size is learned from the first
 * holder that proves its last group (bao: verifying the final chunk authenticates the length). What
 * is already verified on disk is never fetched again, so a fetch after a disconnect or a restart
 * resumes.
 */
public final class BlobFetcher {
  /** Progress callback, for the CLI's progress bar. */
  public interface Progress {
    void onProgress(long verifiedLength, long size);
  }

  private static final long WAIT_MS = 20;
  private final BlobStore store;
  private final BlobConnector connector;
  private final BlobsConfig config;
  private final LongSupplier nanoClock;
  private final ExecutorService executor;
  private final BlobCounters counters;

  public BlobFetcher(
      BlobStore store,
      BlobConnector connector,
      BlobsConfig config,
      LongSupplier nanoClock,
      ExecutorService executor) {
    this(store, connector, config, nanoClock, executor, new BlobCounters());
  }

  /** Also counts fetches by outcome and holder failures into {@code counters}. */
  public BlobFetcher(
      BlobStore store,
      BlobConnector connector,
      BlobsConfig config,
      LongSupplier nanoClock,
      ExecutorService executor,
      BlobCounters counters) {
    this.counters = counters;
    this.store = store;
    this.connector = connector;
    this.config = config;
    this.nanoClock = nanoClock;
    this.executor = executor;
  }

  public FetchResult fetch(BlobHash hash, List<PublicKey> holders, Progress progress)
      throws IOException {
    Optional<BlobInfo> info = store.info(hash);
    if (info.isPresent() && info.get().complete()) {
      return new FetchResult(
          hash, info.get().size(), Map.of(), List.of(), 0, 0, 0, info.get().present().count());
    }
    Run run = new Run(hash, holders, progress);
    try {
      FetchResult result = run.execute(info);
      counters.fetchesCompleted.incrementAndGet();
      return result;
    } catch (BlobsException e) {
      counters.fetchesFailed(e.error()).incrementAndGet();
      throw e;
    } catch (IOException e) {
      counters.fetchesFailed(BlobsError.IO).incrementAndGet();
      throw e;
    } catch (RuntimeException e) {
      counters.fetchesFailed(BlobsError.INTERNAL).incrementAndGet();
      throw e;
    } finally {
      run.groupsByHolder.values().forEach(n -> counters.groupsFetched.addAndGet(n.get()));
      counters.holderVerificationFailures.addAndGet(run.verificationFailures.get());
      counters.holderTransportFailures.addAndGet(run.transportFailures.get());
      if (run.partial != null) {
        run.partial.close();
      }
    }
  }

  private final class Run {
    final BlobHash hash;
    final List<PublicKey> holders;
    final Progress progress;
    final Object lock = new Object();
    final Map<PublicKey, AtomicLong> groupsByHolder = new LinkedHashMap<>();
    final AtomicLong verificationFailures = new AtomicLong();
    final AtomicLong transportFailures = new AtomicLong();
    final List<PublicKey> probeBanned = new ArrayList<>();
    PartialBlob partial;
    FetchScheduler scheduler;
    long size = -1;

    Run(BlobHash hash, List<PublicKey> holders, Progress progress) {
      this.hash = hash;
      this.holders = List.copyOf(holders);
      this.progress = progress;
      for (PublicKey h : holders) {
        groupsByHolder.put(h, new AtomicLong());
      }
    }

    FetchResult execute(Optional<BlobInfo> info) throws IOException {
      if (info.isPresent()) {
        size = info.get().size(); // verified when the partial entry was created
        partial = store.openPartial(hash, size);
      } else {
        probeSize();
      }
      long resumed = partial.present().count();
      for (int attempt = 0; attempt < 2 && !partial.isComplete(); attempt++) {
        scheduler =
            new FetchScheduler(
                BlobTree.groupCount(size),
                partial.present(),
                config.fetchRequestGroups(),
                config.holderFailuresMax(),
                config.fetchPipelineDepth());
        for (PublicKey b : probeBanned) {
          scheduler.handleVerificationFailure(b);
        }
        runWorkers();
        partial.flush();
        if (!scheduler.isComplete()) {
          throw new BlobsException(
              scheduler.banned().size() == holders.size()
                  ? BlobsError.VERIFICATION_FAILED
                  : BlobsError.IO,
              "fetch of "
                  + hash
                  + " stopped with "
                  + scheduler.missing().count()
                  + " groups missing (resumable); banned holders: "
                  + scheduler.banned());
        }
        partial.tryComplete();
      }
      if (!partial.isComplete()) {
        throw new BlobsException(BlobsError.VERIFICATION_FAILED, "re-verification kept failing");
      }
      Map<PublicKey, Long> counts = new LinkedHashMap<>();
      groupsByHolder.forEach((k, v) -> counts.put(k, v.get()));
      return new FetchResult(
          hash,
          size,
          counts,
          scheduler == null ? List.copyOf(probeBanned) : scheduler.banned(),
          verificationFailures.get(),
          transportFailures.get(),
          scheduler == null ? 0 : scheduler.stealCount(),
          resumed);
    }

    /** Learns and proves the size from the first holder whose last group verifies. */
    private void probeSize() throws IOException {
      IOException last = new BlobsException(BlobsError.NOT_FOUND, "no holders given");
      for (PublicKey h : holders) {
        try (BlobsClient client = connector.connect(h)) {
          BlobsCodec.HaveReply have = client.have(hash);
          if (have.size() < 0) {
            last = new BlobsException(BlobsError.NOT_FOUND, h.toHex() + " has no copy");
            continue;
          }
          long lastGroup = BlobTree.groupCount(have.size()) - 1;
          List<VerifiedGroup> got = new ArrayList<>();
          long proven =
              client.get(
                  hash, new long[] {BlobTree.groupOffset(lastGroup)}, new long[] {1}, -1, got::add);
          if (got.size() != 1 || got.get(0).index() != lastGroup) {
            throw new BlobsException(BlobsError.PROTOCOL, "size probe returned no last group");
          }
          size = proven;
          partial = store.openPartial(hash, size);
          VerifiedGroup g = got.get(0);
          if (partial.writeGroup(g.index(), g.data(), g.offset(), g.cv())) {
            groupsByHolder.get(h).incrementAndGet();
          }
          return;
        } catch (BlobsException e) {
          last = e;
          if (e.error() == BlobsError.VERIFICATION_FAILED || e.error() == BlobsError.PROTOCOL) {
            verificationFailures.incrementAndGet();
            probeBanned.add(h);
          } else {
            transportFailures.incrementAndGet();
          }
        } catch (IOException e) {
          transportFailures.incrementAndGet();
          last = e;
        }
      }
      throw new BlobsException(
          BlobsError.NOT_FOUND, "no holder proved the size of " + hash + ": " + last.getMessage());
    }

    private void runWorkers() throws IOException {
      List<Future<?>> futures = new ArrayList<>();
      for (PublicKey h : holders) {
        futures.add(executor.submit(() -> work(h)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BlobsException(BlobsError.IO, "fetch interrupted");
        } catch (ExecutionException e) {
          throw new BlobsException(BlobsError.INTERNAL, "fetch worker failed", e.getCause());
        }
      }
    }

    private Void work(PublicKey holder) throws IOException {
      BlobsClient client = null;
      // One check pipeline across the GETs of a stream: the reader goes straight on to the next
      // response while the last one's groups still hash, and each unit ends once they are stored.
      GroupCheckPipeline checks = null;
      ArrayDeque<Pending> pending = new ArrayDeque<>();
      try {
        while (true) {
          try {
            if (pending.isEmpty()) {
              if (checks != null) {
                checks.finish(); // what this holder delivered counts before asking for more
              }
              GroupRanges unit = nextUnit(holder, true);
              if (unit == null) {
                return null;
              }
              pending.add(new Pending(unit, null));
            }
            if (client == null) {
              client = connector.connect(holder);
            }
            if (checks == null) {
              checks = client.newChecks(g -> store(holder, g));
            }
            // Keep up to the pipeline depth of GETs in flight on this stream.
            for (Pending p : pending) {
              if (p.verifier == null) {
                p.verifier = send(client, p.unit);
              }
            }
            GroupRanges more;
            while (pending.size() < config.fetchPipelineDepth()
                && (more = nextUnit(holder, false)) != null) {
              pending.add(new Pending(more, send(client, more)));
            }
            Pending head = pending.peek();
            client.receiveInto(head.verifier, checks);
            pending.poll();
            scheduler.handleUnitReceived(holder, head.unit);
            checks.afterDelivered(() -> unitEnded(holder, head.unit));
          } catch (IOException e) {
            pending.clear();
            // Groups already read from earlier responses are still stored, unless one of them lies.
            IOException outcome = checks == null ? e : checks.finishAfter(e);
            checks = abandon(checks);
            if (outcome instanceof BlobsException b
                && (b.error() == BlobsError.VERIFICATION_FAILED
                    || b.error() == BlobsError.PROTOCOL)) {
              verificationFailures.incrementAndGet();
              scheduler.handleVerificationFailure(holder);
              return null;
            }
            transportFailures.incrementAndGet();
            scheduler.handleTransportFailure(holder);
            client = closeQuietly(client);
          } finally {
            synchronized (lock) {
              lock.notifyAll();
            }
          }
        }
      } finally {
        abandon(checks);
        closeQuietly(client);
        synchronized (lock) {
          lock.notifyAll();
        }
      }
    }

    /** Every group of {@code unit} this holder sent is stored: other workers may go on. */
    private void unitEnded(PublicKey holder, GroupRanges unit) {
      scheduler.handleUnitEnded(holder, unit);
      synchronized (lock) {
        lock.notifyAll();
      }
    }

    private static GroupCheckPipeline abandon(GroupCheckPipeline checks) {
      if (checks != null) {
        checks.abandon();
      }
      return null;
    }

    /** Next unit for this holder; waits for one if {@code block}, null when done or none. */
    private GroupRanges nextUnit(PublicKey holder, boolean block) {
      synchronized (lock) {
        while (true) {
          if (scheduler.isComplete() || !scheduler.usable(holder)) {
            return null;
          }
          GroupRanges unit = scheduler.nextUnit(holder, nanoClock.getAsLong());
          if (!unit.isEmpty()) {
            return unit;
          }
          if (!block) {
            return null;
          }
          try {
            lock.wait(WAIT_MS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
      }
    }

    private GetVerifier send(BlobsClient client, GroupRanges unit) throws IOException {
      int n = Math.min(unit.rangeCount(), config.rangeCountMax());
      long[] offsets = new long[n];
      long[] lengths = new long[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = BlobTree.groupOffset(unit.start(i));
        lengths[i] = BlobTree.groupOffset(unit.end(i)) - offsets[i];
      }
      return client.sendGet(hash, offsets, lengths, size);
    }

    private void store(PublicKey holder, VerifiedGroup g) throws IOException {
      if (partial.writeGroup(g.index(), g.data(), g.offset(), g.cv())) {
        groupsByHolder.get(holder).incrementAndGet();
        scheduler.handleGroupStored(g.index());
        if (progress != null) {
          long have = partial.present().count() * BlobTree.GROUP_LENGTH;
          progress.onProgress(Math.min(size, have), size);
        }
      }
    }
  }

  /** A GET sent (or about to be) on a holder's stream. */
  private static final class Pending {
    final GroupRanges unit;
    GetVerifier verifier;

    Pending(GroupRanges unit, GetVerifier verifier) {
      this.unit = unit;
      this.verifier = verifier;
    }
  }

  private static BlobsClient closeQuietly(BlobsClient c) {
    if (c != null) {
      c.close();
    }
    return null;
  }
}
