package dev.conifer.simulator;

/**
 * An event queue, a 4-ary min-heap ordered by (time, order). The order key makes the run's total
 * order independent of how nodes are split between threads ({@link EventOrder}): events at one
 * instant run global ones first (in the order scheduled), then each node's in the order that node
 * scheduled them, nodes by index. A run with one thread has a single queue; with more, a global
 * queue and one per partition of the nodes ({@link WindowedEngine}).
 */
public final class EventQueue {
  /** Something that happens at one virtual instant. */
  public abstract static class Event {
    long timeNs;
    long seq;

    /** Runs the event; the clock already reads {@code timeNs}. */
    protected abstract void run(long nowNs);

    public long timeNs() {
      return timeNs;
    }
  }

  /** Children per heap node: a shallower heap, and four children's keys share a cache line. */
  private static final int ARITY = 4;

  private final SimClock clock;
  // The heap's keys live in arrays beside the events, so sifting compares without touching the
  // (scattered) event objects.
  private Event[] events = new Event[1024];
  private long[] times = new long[1024];
  private long[] seqs = new long[1024];
  private int size;
  private long nextSeq;
  private long processedCount;

  public EventQueue(SimClock clock) {
    this.clock = clock;
  }

  /**
   * Schedules a global event (the scenario, churn, periodic checks) at {@code timeNs}; a time in
   * the past runs at the current time. Global events run before node events at the same instant.
   */
  public void schedule(long timeNs, Event event) {
    insert(Math.max(timeNs, clock.nowNs()), EventOrder.global(nextSeq++), event);
  }

  /**
   * Schedules an event whose order key was already drawn ({@link EventOrder}), at {@code timeNs} or
   * the current time if that is later.
   */
  void schedule(long timeNs, long order, Event event) {
    insert(Math.max(timeNs, clock.nowNs()), order, event);
  }

  /** Adds an event at exactly its own time and order (moved here from another partition). */
  void insertAsIs(Event event) {
    insert(event.timeNs, event.seq, event);
  }

  private void insert(long time, long seq, Event event) {
    event.timeNs = time;
    event.seq = seq;
    if (size == events.length) {
      int grown = size * 2;
      events = java.util.Arrays.copyOf(events, grown);
      times = java.util.Arrays.copyOf(times, grown);
      seqs = java.util.Arrays.copyOf(seqs, grown);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) / ARITY;
      if (!before(time, seq, times[parent], seqs[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    put(i, event, time, seq);
  }

  /** Runs events in order until the queue is empty or the next one is after {@code endNs}. */
  public void runUntil(long endNs) {
    runBefore(endNs + 1);
    if (clock.nowNs() < endNs) {
      clock.advanceTo(endNs);
    }
  }

  /**
   * Runs events in order while the next one is before {@code endNs}; the clock stays at the last.
   */
  void runBefore(long endNs) {
    while (size > 0 && times[0] < endNs) {
      Event event = poll();
      clock.advanceTo(event.timeNs);
      processedCount++;
      event.run(event.timeNs);
    }
  }

  /** Time of the next event, or {@link Long#MAX_VALUE} when the queue is empty. */
  public long peekTimeNs() {
    return size == 0 ? Long.MAX_VALUE : times[0];
  }

  public int size() {
    return size;
  }

  public long processedCount() {
    return processedCount;
  }

  private Event poll() {
    Event top = events[0];
    int last = --size;
    Event lastEvent = events[last];
    long time = times[last];
    long seq = seqs[last];
    events[last] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int first = ARITY * i + 1;
        if (first >= size) {
          break;
        }
        int best = first;
        int end = Math.min(first + ARITY, size);
        for (int c = first + 1; c < end; c++) {
          if (before(times[c], seqs[c], times[best], seqs[best])) {
            best = c;
          }
        }
        if (!before(times[best], seqs[best], time, seq)) {
          break;
        }
        move(best, i);
        i = best;
      }
      put(i, lastEvent, time, seq);
    }
    return top;
  }

  private void move(int from, int to) {
    events[to] = events[from];
    times[to] = times[from];
    seqs[to] = seqs[from];
  }

  private void put(int i, Event event, long time, long seq) {
    events[i] = event;
    times[i] = time;
    seqs[i] = seq;
  }

  private static boolean before(long timeA, long seqA, long timeB, long seqB) {
    return timeA < timeB || (timeA == timeB && seqA < seqB);
  }
}
