package dev.conifer.transfer.fetch;

import java.util.concurrent.atomic.AtomicLong;

/** What a {@link BlobStreamer} did, for the node's metrics. */
public final class StreamCounters {
  /** Groups received from holders, verified and handed on. */
  public final AtomicLong groupsStreamed = new AtomicLong();

  /** Streaming reads from a holder that failed (the next holder took over). */
  public final AtomicLong holderFailures = new AtomicLong();

  /** Reads stopped because their reader went away. */
  public final AtomicLong cancelled = new AtomicLong();

  /** Size probes sent to holders, and those that proved the size. */
  public final AtomicLong probes = new AtomicLong();

  public final AtomicLong probesProved = new AtomicLong();
}
