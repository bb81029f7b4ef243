package dev.conifer.transfer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node's blob server and fetcher did, for the node's metrics: every refused request and
 * every failed fetch counted by its {@link BlobsError} reason, so that none goes unexplained.
 */
public final class BlobCounters {
  private final Map<BlobsError, AtomicLong> refused = byError();
  private final Map<BlobsError, AtomicLong> fetchesFailed = byError();

  /** Blob bytes the server sent to requesters (verified data and proofs). */
  public final AtomicLong bytesServed = new AtomicLong();

  /** Fetches that ended with the whole blob stored and verified. */
  public final AtomicLong fetchesCompleted = new AtomicLong();

  /** Groups received from holders, verified and stored. */
  public final AtomicLong groupsFetched = new AtomicLong();

  /** Replies from a holder that did not match the hash (the holder is banned for the fetch). */
  public final AtomicLong holderVerificationFailures = new AtomicLong();

  /** Requests to a holder that failed in transport (the holder is retried, then dropped). */
  public final AtomicLong holderTransportFailures = new AtomicLong();

  private static Map<BlobsError, AtomicLong> byError() {
    Map<BlobsError, AtomicLong> counts = new EnumMap<>(BlobsError.class);
    for (BlobsError error : BlobsError.values()) {
      counts.put(error, new AtomicLong());
    }
    return counts;
  }

  /** Requests the server refused with {@code error} (an ERROR frame told the requester why). */
  public AtomicLong refused(BlobsError error) {
    return refused.get(error);
  }

  /** Fetches that stopped with {@code error} (resumable: the verified groups stay). */
  public AtomicLong fetchesFailed(BlobsError error) {
    return fetchesFailed.get(error);
  }
}
