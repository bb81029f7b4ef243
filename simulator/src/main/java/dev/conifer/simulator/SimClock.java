package dev.conifer.simulator;

/**
 * Virtual monotonic time, in nanoseconds from the start of the run. Only the event loop moves it.
 */
public final class SimClock {
  /** Virtual wall-clock epoch handed to every node, so bootstrap sequence numbers are fixed. */
  public static final long EPOCH_MS = 1_700_000_000_000L;

  private long nowNs;

  public long nowNs() {
    return nowNs;
  }

  public long epochMs() {
    return EPOCH_MS + nowNs / 1_000_000L;
  }

  void advanceTo(long timeNs) {
    if (timeNs < nowNs) {
      throw new IllegalStateException("time must not go backwards: " + timeNs + " < " + nowNs);
    }
    nowNs = timeNs;
  }
}
