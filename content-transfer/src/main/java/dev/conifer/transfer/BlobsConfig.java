package dev.conifer.transfer;

import dev.conifer.transfer.hash.BlobTree;

/**
 * Limits of {@code conifer-blobs/1}.
 *
 * @param rangeCountMax byte ranges per GET
 * @param requestLengthMax bytes one GET may cover (after rounding to groups)
 * @param requestsPerPeerMax GETs served at once to one remote key (more get BUSY)
 * @param fetchRequestLength bytes a fetcher asks one holder for per GET
 * @param fetchPipelineDepth GETs a fetcher keeps in flight per holder; bytes in flight per holder
 *     are at most {@code fetchRequestLength * fetchPipelineDepth}
 * @param holderFailuresMax transport failures after which a fetch stops using a holder
 * @param flushLength verified bytes between syncs of a partial blob
 */
public record BlobsConfig(
    int rangeCountMax,
    long requestLengthMax,
    int requestsPerPeerMax,
    long fetchRequestLength,
    int fetchPipelineDepth,
    int holderFailuresMax,
    long flushLength) {
  public BlobsConfig {
    if (rangeCountMax < 1 || rangeCountMax > 65535) {
      throw new IllegalArgumentException("rangeCountMax must be 1..65535: " + rangeCountMax);
    }
    if (requestLengthMax < BlobTree.GROUP_LENGTH || fetchRequestLength < BlobTree.GROUP_LENGTH) {
      throw new IllegalArgumentException("request lengths must be at least one group");
    }
    if (fetchRequestLength > requestLengthMax) {
      throw new IllegalArgumentException("fetchRequestLength exceeds requestLengthMax");
    }
    if (requestsPerPeerMax < 1
        || fetchPipelineDepth < 1
        || holderFailuresMax < 1
        || flushLength < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public static BlobsConfig defaults() {
    return new BlobsConfig(64, 64L << 20, 8, 1L << 20, 4, 3, 4L << 20);
  }

  public long fetchRequestGroups() {
    return fetchRequestLength / BlobTree.GROUP_LENGTH;
  }
}
