package dev.conifer.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A share of the nodes with its own clock, event queue and counters: one thread runs it during a
 * window ({@link WindowedEngine}). Events for a node of another partition wait in an outbox until
 * the window ends (they are due after it: every link's latency is at least the window), and a
 * node's teardown of a link, which touches both ends, waits for the global phase. With one thread
 * there is one partition, whose queue is also the global queue.
 */
final class Partition {
  final int index;
  final SimClock clock;
  final EventQueue queue;

  /** Events for other partitions, by write parity then target partition. */
  private final List<List<EventQueue.Event>>[] outboxes;

  /** Global events nodes of this partition started during the window. */
  final List<EventQueue.Event> globalOutbox = new ArrayList<>();

  /** Earliest time among the events this partition put in an outbox in its last window. */
  long outboxMinNs = Long.MAX_VALUE;

  /**
   * Bytes sent by frame type and time-series bucket: the run's own series with one partition, else
   * summed into it at the end.
   */
  final long[][] bytesByType;

  long framesSentCount;
  long framesLostCount;
  long framesDroppedOnDownLinkCount;
  long adversaryDropCount;
  long protocolDisconnectCount;
  long readTimeoutCount;

  /** The engine running this partition, or null when one thread runs everything. */
  private WindowedEngine engine;

  @SuppressWarnings("unchecked")
  Partition(int index, SimClock clock, EventQueue queue, int partitionCount, long[][] bytesByType) {
    this.index = index;
    this.clock = clock;
    this.queue = queue;
    this.outboxes = new List[2];
    for (int parity = 0; parity < 2; parity++) {
      List<List<EventQueue.Event>> byTarget = new ArrayList<>(partitionCount);
      for (int i = 0; i < partitionCount; i++) {
        byTarget.add(new ArrayList<>());
      }
      outboxes[parity] = byTarget;
    }
    this.bytesByType = bytesByType;
  }

  void attach(WindowedEngine engine) {
    this.engine = engine;
  }

  /** Schedules an event for {@code target} (a node of this or another partition). */
  void schedule(SimNode target, long timeNs, long order, EventQueue.Event event) {
    Partition to = target.partition;
    if (to == this || engine == null || !engine.windowRunning()) {
      to.queue.schedule(timeNs, order, event);
      return;
    }
    if (timeNs < engine.windowEndNs()) {
      throw new IllegalStateException(
          "an event for another partition is due inside the window (" + timeNs + " ns)");
    }
    event.timeNs = timeNs;
    event.seq = order;
    outboxes[engine.writeParity()].get(to.index).add(event);
    outboxMinNs = Math.min(outboxMinNs, timeNs);
  }

  /** Schedules a global event a node of this partition started; it must be due after the window. */
  void scheduleGlobal(long timeNs, long order, EventQueue.Event event) {
    if (engine == null) {
      queue.schedule(timeNs, order, event);
      return;
    }
    if (engine.windowRunning() && timeNs < engine.windowEndNs()) {
      throw new IllegalStateException(
          "a global event is due inside the window (" + timeNs + " ns)");
    }
    event.timeNs = Math.max(timeNs, clock.nowNs());
    event.seq = order;
    globalOutbox.add(event);
  }

  /** Moves the events other partitions wrote for this one in their last window into its queue. */
  void drainInbound(Partition[] all, int parity) {
    for (Partition from : all) {
      List<EventQueue.Event> inbound = from.outboxes[parity].get(index);
      for (int i = 0, n = inbound.size(); i < n; i++) {
        queue.insertAsIs(inbound.get(i));
      }
      inbound.clear();
    }
  }

  /** Earliest pending event of this partition: in its queue or on its way from it to another. */
  long pendingMinNs() {
    return Math.min(queue.peekTimeNs(), outboxMinNs);
  }
}
