package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.VerifiedGroup;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.GetVerifier;
import dev.conifer.transfer.wire.GroupCheckPipeline;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A blob read straight from its holders, group by group, in order: GETs for the groups a range
 * needs (a few in flight on one stream), each group verified on the reading thread and handed to
 * the sink before the next is read, so a slow reader slows the holder (QUIC flow control) instead
 * of filling memory. When a holder fails, the next one continues from the first group not yet
 * handed on; a holder that lies is never asked again.
 */
final class HolderSource implements BlobStreamer.Source {
  /** GETs kept in flight on the stream: enough to hide a round trip between units. */
  private static final int DEPTH = 2;

  private final BlobHash hash;
  private final long size;
  private final List<PublicKey> holders;
  private final BlobConnector connector;
  private final BlobsConfig config;
  private final StreamCounters counters;
  private final int attemptsMax;

  HolderSource(
      BlobHash hash,
      long size,
      List<PublicKey> holders,
      BlobConnector connector,
      BlobsConfig config,
      StreamCounters counters,
      int holdersMax) {
    this.hash = hash;
    this.size = size;
    this.holders = List.copyOf(holders);
    this.connector = connector;
    this.config = config;
    this.counters = counters;
    this.attemptsMax = Math.max(holdersMax, this.holders.size()) * config.holderFailuresMax();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean local() {
    return false;
  }

  @Override
  public void read(long from, long to, BlobStreamer.ByteSink sink, FetchCancel cancel)
      throws IOException {
    if (from < 0 || to > size || from > to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") outside " + size);
    }
    if (from == to) {
      return;
    }
    long[] next = {from / BlobTree.GROUP_LENGTH}; // the first group not yet handed on
    long end = (to - 1) / BlobTree.GROUP_LENGTH + 1;
    ArrayDeque<PublicKey> order = new ArrayDeque<>(holders);
    IOException last = null;
    for (int attempt = 0; next[0] < end; attempt++) {
      if (order.isEmpty() || attempt >= attemptsMax) {
        throw new BlobsException(
            BlobsError.IO,
            "every holder of " + hash + " failed at group " + next[0] + ": " + last,
            last);
      }
      PublicKey holder = order.poll();
      try {
        readFrom(holder, next, end, from, to, sink, cancel);
      } catch (IOException e) {
        if (cancel.isCancelled()) {
          counters.cancelled.incrementAndGet();
          throw new BlobsException(BlobsError.IO, "cancelled: the reader went away", e);
        }
        if (e instanceof SinkFailed) {
          throw (IOException) e.getCause();
        }
        counters.holderFailures.incrementAndGet();
        last = e;
        boolean lied =
            e instanceof BlobsException b
                && (b.error() == BlobsError.VERIFICATION_FAILED
                    || b.error() == BlobsError.PROTOCOL);
        if (!lied) {
          order.add(holder); // a transport failure may pass: try it again after the others
        }
      }
    }
  }

  /** Streams groups {@code [next[0], end)} from one holder, advancing {@code next[0]}. */
  private void readFrom(
      PublicKey holder,
      long[] next,
      long end,
      long from,
      long to,
      BlobStreamer.ByteSink sink,
      FetchCancel cancel)
      throws IOException {
    BlobsClient client = connector.connect(holder);
    cancel.register(client);
    // Verify on this thread (the sink may block on a slow reader; a shared pool must not).
    GroupCheckPipeline checks =
        client.newChecksOn(
            Runnable::run,
            g -> {
              deliver(g, from, to, sink);
              next[0] = g.index() + 1;
            });
    try {
      ArrayDeque<GetVerifier> inFlight = new ArrayDeque<>();
      long sent = next[0];
      while (next[0] < end) {
        while (inFlight.size() < DEPTH && sent < end) {
          long unitEnd = Math.min(end, sent + config.fetchRequestGroups());
          long offset = BlobTree.groupOffset(sent);
          long length = Math.min(size, BlobTree.groupOffset(unitEnd)) - offset;
          inFlight.add(
              client.sendGet(hash, new long[] {offset}, new long[] {Math.max(1, length)}, size));
          sent = unitEnd;
        }
        GetVerifier head = inFlight.poll();
        if (head == null) {
          throw new BlobsException(BlobsError.PROTOCOL, "holder sent fewer groups than asked");
        }
        client.receiveInto(head, checks);
        checks.finish();
      }
    } finally {
      checks.abandon();
      cancel.unregister(client);
      client.close();
    }
  }

  private void deliver(VerifiedGroup g, long from, long to, BlobStreamer.ByteSink sink)
      throws IOException {
    counters.groupsStreamed.incrementAndGet();
    long groupStart = BlobTree.groupOffset(g.index());
    long a = Math.max(from, groupStart);
    long b = Math.min(to, groupStart + g.length());
    if (a >= b) {
      return;
    }
    try {
      sink.accept(g.data(), g.offset() + (int) (a - groupStart), (int) (b - a));
    } catch (IOException e) {
      throw new SinkFailed(e);
    }
  }

  /** The sink's own failure, told apart from the holder's. */
  private static final class SinkFailed extends IOException {
    private static final long serialVersionUID = 1L;

    SinkFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    // each read opens and closes its own streams
  }
}
