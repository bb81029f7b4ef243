package dev.conifer.simulator;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs the partitions' events in parallel, by conservative time windows. A frame takes at least the
 * smallest link latency W to reach another node, so events in [t, t + W) at different nodes cannot
 * affect each other: each partition runs its share of such a window on its own thread. At the
 * window's end the threads meet; events bound for another partition are handed over, global events
 * due then (the scenario, churn, checks, probe rounds, teardowns nodes started) run on the caller's
 * thread, and the next window starts at the earliest pending event. The order of events is decided
 * by their keys ({@link EventOrder}), not by the threads, so the run is the same as with one
 * thread.
 */
final class WindowedEngine implements AutoCloseable {
  private final EventQueue global;
  private final SimClock globalClock;
  private final Partition[] partitions;
  private final LongSupplier windowNs;
  private final Thread[] workers;

  private volatile boolean windowRunning;
  private volatile long windowEndNs;
  private volatile int writeParity;
  private volatile int generation;
  private volatile boolean closed;
  private final AtomicIntegerArray doneGeneration;
  private volatile Throwable failure;

  /**
   * Starts a thread from {@code threads} for every partition but the first, which the caller's
   * thread runs: the simulator creates no thread of its own.
   */
  WindowedEngine(
      EventQueue global,
      SimClock globalClock,
      Partition[] partitions,
      LongSupplier windowNs,
      ThreadFactory threads) {
    this.global = global;
    this.globalClock = globalClock;
    this.partitions = partitions;
    this.windowNs = windowNs;
    this.doneGeneration = new AtomicIntegerArray(partitions.length);
    this.workers = new Thread[partitions.length - 1];
    for (Partition p : partitions) {
      p.attach(this);
    }
    for (int i = 1; i < partitions.length; i++) {
      int index = i;
      Thread t = threads.newThread(() -> workLoop(index));
      workers[i - 1] = t;
      t.start();
    }
  }

  boolean windowRunning() {
    return windowRunning;
  }

  long windowEndNs() {
    return windowEndNs;
  }

  int writeParity() {
    return writeParity;
  }

  /** Runs every event up to and including {@code endNs}, then sets every clock to it. */
  void runUntil(long endNs) {
    while (true) {
      collectGlobalOutboxes();
      long nextGlobal = global.peekTimeNs();
      long nextNode = Long.MAX_VALUE;
      for (Partition p : partitions) {
        nextNode = Math.min(nextNode, p.pendingMinNs());
      }
      if (Math.min(nextGlobal, nextNode) > endNs) {
        break;
      }
      if (nextGlobal <= nextNode) {
        advanceClocks(nextGlobal); // global events at an instant run before its node events
        global.runBefore(nextGlobal + 1);
        continue;
      }
      long width = windowNs.getAsLong();
      if (width < 1) {
        throw new IllegalStateException(
            "a link has no latency: a run on several threads needs every link's latency above 0");
      }
      runWindow(Math.min(Math.min(nextNode + width, nextGlobal), endNs + 1));
    }
    advanceClocks(endNs);
  }

  private void runWindow(long endNs) {
    windowEndNs = endNs;
    writeParity ^= 1;
    windowRunning = true;
    int gen = ++generation; // the volatile write publishes the fields above to the workers
    runPartition(0);
    for (int i = 1; i < partitions.length; i++) {
      awaitDone(i, gen);
    }
    windowRunning = false;
    Throwable t = failure;
    if (t != null) {
      throw new IllegalStateException("a simulation thread failed", t);
    }
  }

  private void runPartition(int index) {
    Partition p = partitions[index];
    p.drainInbound(partitions, writeParity ^ 1);
    p.outboxMinNs = Long.MAX_VALUE;
    p.queue.runBefore(windowEndNs);
  }

  private void workLoop(int index) {
    int seen = 0;
    while (true) {
      int gen = spinUntilChanged(seen);
      if (closed) {
        return;
      }
      seen = gen;
      try {
        runPartition(index);
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
      }
      markDone(index, gen);
    }
  }

  private int spinUntilChanged(int seen) {
    int spins = 0;
    int gen;
    while ((gen = generation) == seen && !closed) {
      if (++spins < 20_000) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(50_000); // the caller is in a long global phase, or the run ended
      }
    }
    return gen;
  }

  private void markDone(int index, int gen) {
    doneGeneration.set(index, gen); // a volatile write: publishes this partition's window
  }

  private void awaitDone(int index, int gen) {
    int spins = 0;
    while (doneGeneration.get(index) != gen) {
      if (++spins < 20_000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  private void collectGlobalOutboxes() {
    for (Partition p : partitions) {
      List<EventQueue.Event> started = p.globalOutbox;
      for (int i = 0, n = started.size(); i < n; i++) {
        global.insertAsIs(started.get(i));
      }
      started.clear();
    }
  }

  private void advanceClocks(long timeNs) {
    if (globalClock.nowNs() < timeNs) {
      globalClock.advanceTo(timeNs);
    }
    for (Partition p : partitions) {
      if (p.clock.nowNs() < timeNs) {
        p.clock.advanceTo(timeNs);
      }
    }
  }

  /** Total events run, global ones included. */
  long processedCount() {
    long sum = global.processedCount();
    for (Partition p : partitions) {
      sum += p.queue.processedCount();
    }
    return sum;
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
  }
}
