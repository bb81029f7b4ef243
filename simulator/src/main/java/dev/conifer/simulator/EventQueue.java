package dev.conifer.simulator;

/**
 * The simulator's single event queue, a 4-ary min-heap ordered by (time, sequence number). The
 * sequence number is assigned at scheduling, so events at the same instant run in the order they
 * were scheduled: the total order that makes a seed reproduce a run.
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

  /** Schedules {@code event} at {@code timeNs}; a time in the past runs at the current time. */
  public void schedule(long timeNs, Event event) {
    long time = Math.max(timeNs, clock.nowNs());
    long seq = nextSeq++;
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
    while (size > 0 && times[0] <= endNs) {
      Event event = poll();
      clock.advanceTo(event.timeNs);
      processedCount++;
      event.run(event.timeNs);
    }
    if (clock.nowNs() < endNs) {
      clock.advanceTo(endNs);
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
