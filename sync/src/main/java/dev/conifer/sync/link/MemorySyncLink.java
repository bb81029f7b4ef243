package dev.conifer.sync.link;

import dev.conifer.sync.SyncNode;
import dev.conifer.sync.SyncSession;
import dev.conifer.sync.entry.Interest;

/**
 * Runs a sync between two nodes of one process by passing messages directly between their sessions
 * (no streams, no threads): the demo's transport, and a reference for drivers.
 */
public final class MemorySyncLink {
  private static final int STEP_COUNT_MAX = 100_000;

  private MemorySyncLink() {}

  /** Syncs {@code interest} with {@code a} initiating; returns a's finished session. */
  public static SyncSession sync(SyncNode a, SyncNode b, Interest interest, long salt) {
    SyncSession init = a.initiate(b.nodeKey(), interest, salt);
    SyncSession resp = b.respond(a.nodeKey());
    for (int step = 0; step < STEP_COUNT_MAX; step++) {
      boolean moved = false;
      byte[] m;
      while ((m = init.pollMessage()) != null) {
        resp.handleMessage(m, b.nowEpochUs());
        moved = true;
      }
      while ((m = resp.pollMessage()) != null) {
        init.handleMessage(m, a.nowEpochUs());
        moved = true;
      }
      if (!moved) {
        break;
      }
    }
    a.afterSession(init);
    b.afterSession(resp);
    return init;
  }
}
