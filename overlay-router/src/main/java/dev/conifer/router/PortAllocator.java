package dev.conifer.router;

import java.util.BitSet;

/**
 * Link port numbers 1..portCountMax, lowest free first; a port is reusable as soon as it is freed
 * (PROTOCOL.md §10.1). Thread-safe: transports allocate on attach, the router thread frees. Only
 * touched on attach and teardown, never per frame, so a plain lock is fine.
 */
final class PortAllocator {
  static final int NO_PORT = -1;

  private final BitSet used = new BitSet();
  private final int portCountMax;

  PortAllocator(int portCountMax) {
    this.portCountMax = portCountMax;
  }

  /** The lowest free port, now taken, or {@link #NO_PORT} if all are in use. */
  synchronized int allocate() {
    int port = used.nextClearBit(1);
    if (port > portCountMax) {
      return NO_PORT;
    }
    used.set(port);
    return port;
  }

  synchronized void free(int port) {
    used.clear(port);
  }

  synchronized int usedCount() {
    return used.cardinality();
  }
}
