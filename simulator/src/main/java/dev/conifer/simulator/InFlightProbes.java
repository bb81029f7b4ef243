package dev.conifer.simulator;

/**
 * Probes in flight by id. Ids are handed out one by one as probes are sent, so they are dense and
 * in send order: a circular window over ids replaces a hash map of boxed ids (a cache miss per
 * probe hop at 10,000 pairs a second), and expiring the oldest is popping the front.
 */
final class InFlightProbes {
  private ProbeTracker.Probe[] slots = new ProbeTracker.Probe[1024];
  private long firstId = 1;
  private int head;
  private int count;

  /** Adds the probe with the next id (one more than the last added). */
  void add(ProbeTracker.Probe probe) {
    if (probe.id != firstId + count) {
      throw new IllegalStateException("probe ids out of order: " + probe.id);
    }
    if (count == slots.length) {
      ProbeTracker.Probe[] grown = new ProbeTracker.Probe[slots.length * 2];
      for (int i = 0; i < count; i++) {
        grown[i] = slots[(head + i) & (slots.length - 1)];
      }
      slots = grown;
      head = 0;
    }
    slots[(head + count) & (slots.length - 1)] = probe;
    count++;
  }

  /** The probe with {@code id} if it is still in flight, else null. */
  ProbeTracker.Probe get(long id) {
    long offset = id - firstId;
    if (offset < 0 || offset >= count) {
      return null;
    }
    return slots[(int) ((head + offset) & (slots.length - 1))];
  }

  void remove(long id) {
    long offset = id - firstId;
    if (offset >= 0 && offset < count) {
      slots[(int) ((head + offset) & (slots.length - 1))] = null;
    }
  }

  /** Forgets every probe sent before {@code cutoffNs} (they are the oldest ids). */
  void expire(long cutoffNs) {
    while (count > 0) {
      ProbeTracker.Probe front = slots[head];
      if (front != null && front.sentNs >= cutoffNs) {
        return;
      }
      slots[head] = null;
      head = (head + 1) & (slots.length - 1);
      firstId++;
      count--;
    }
  }
}
