package dev.conifer.simulator;

/**
 * The simulator's single event queue, a binary min-heap ordered by (time, sequence number). The
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

  private final SimClock clock;
  private Event[] heap = new Event[1024];
  private int size;
  private long nextSeq;
  private long processedCount;

  public EventQueue(SimClock clock) {
    this.clock = clock;
  }

  /** Schedules {@code event} at {@code timeNs}; a time in the past runs at the current time. */
  public void schedule(long timeNs, Event event) {
    event.timeNs = Math.max(timeNs, clock.nowNs());
    event.seq = nextSeq++;
    if (size == heap.length) {
      Event[] grown = new Event[size * 2];
      System.arraycopy(heap, 0, grown, 0, size);
      heap = grown;
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(event, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
  }

  /** Runs events in order until the queue is empty or the next one is after {@code endNs}. */
  public void runUntil(long endNs) {
    while (size > 0 && heap[0].timeNs <= endNs) {
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
    return size == 0 ? Long.MAX_VALUE : heap[0].timeNs;
  }

  public int size() {
    return size;
  }

  public long processedCount() {
    return processedCount;
  }

  private Event poll() {
    Event top = heap[0];
    Event last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], last)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  private static boolean before(Event a, Event b) {
    return a.timeNs < b.timeNs || (a.timeNs == b.timeNs && a.seq < b.seq);
  }
}
