package dev.conifer.snek.route;

/**
 * The most recent ports whose peer state (started or stopped, type, stored announcement) changed,
 * numbered in order. A cache of answers computed from that state can then check only the ports that
 * changed since an answer was computed, instead of forgetting every answer on every change: at a
 * hub of thousands of peers some peer re-announces between nearly any two frames.
 */
public final class PortChangeLog {
  static final int KEPT_MIN = 32; // a power of two

  private int[] ports = new int[KEPT_MIN];
  private long count;
  private long oldestKept;

  /** Records that the state of {@code port} changed. */
  public void changed(int port) {
    ports[(int) (count & (ports.length - 1))] = port;
    count++;
  }

  /** The number of changes recorded so far: the number the next change will get. */
  public long count() {
    return count;
  }

  /** True if every change numbered from {@code change} on is still kept. */
  public boolean keepsFrom(long change) {
    return change >= oldestKept && count - change <= ports.length;
  }

  /** The port of change number {@code change}, if {@link #keepsFrom} it. */
  public int port(long change) {
    return ports[(int) (change & (ports.length - 1))];
  }

  /**
   * Keeps at least {@code changes} changes from now on (sized by the port count, so that catching
   * up on a port's worth of changes stays possible); growing forgets those kept so far.
   */
  public void keepAtLeast(int changes) {
    if (changes > ports.length) {
      ports = new int[Integer.highestOneBit(changes - 1) << 1];
      oldestKept = count;
    }
  }
}
