package dev.conifer.node.services;

/**
 * Where replication of one trusted key stands, for {@code conifer replicate ls}: the version of its
 * list we hold, how many of its blobs are listed, held here, still waiting and failed in the last
 * pull, and why the last thing that failed did.
 */
final class ReplicationStatus {
  volatile long version = -1;
  volatile int listed;
  volatile int held;
  volatile int failed;
  volatile int quotaSkipped;
  volatile String from = "";
  volatile String reason = "";
  volatile long lastPullEpochMs;
  volatile boolean publisherAnswered;

  int waiting() {
    return Math.max(0, listed - held - failed);
  }
}
