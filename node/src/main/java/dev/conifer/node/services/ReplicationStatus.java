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

  /** What started the last pull: schedule, peer-up, notice, policy or manual. */
  volatile String lastTrigger = "";

  volatile boolean publisherAnswered;

  /** Whether the last pull reached anyone holding the list (false until a pull does). */
  volatile boolean listReached;

  int waiting() {
    return Math.max(0, listed - held - failed);
  }
}
