package dev.conifer.simulator;

/**
 * Order keys of events at one instant, packed in a long. Global events (the scenario, churn,
 * periodic checks, and a link's teardown that a node started) run before node events; global events
 * the simulation scheduled come first, in the order scheduled; then those nodes started, and then
 * the node events, each by node index and then in the order that node drew them. Because a node
 * draws its own keys while it runs, the order is the same however nodes are split between threads,
 * which is what makes a run with two threads byte-identical to a run with one.
 */
final class EventOrder {
  private static final int SEQ_BITS = 40;
  private static final long SEQ_MAX = (1L << SEQ_BITS) - 1;
  private static final int NODE_BITS = 21;
  private static final long NODE_CLASS = 1L << (SEQ_BITS + NODE_BITS);

  /** More nodes than one run can order (node indexes take 21 bits of the key). */
  static final int NODE_COUNT_MAX = (1 << NODE_BITS) - 1;

  private EventOrder() {}

  /** A global event the simulation scheduled, the {@code seq}-th. */
  static long global(long seq) {
    return checked(seq);
  }

  /** A global event {@code node} started (a teardown it began), with its next sequence number. */
  static long globalFrom(SimNode node) {
    return ((long) (node.index + 1) << SEQ_BITS) | checked(node.nextOrderSeq++);
  }

  /**
   * An event at or from {@code node} (its timer, a frame it sent), with its next sequence number.
   */
  static long of(SimNode node) {
    return NODE_CLASS | ((long) (node.index + 1) << SEQ_BITS) | checked(node.nextOrderSeq++);
  }

  private static long checked(long seq) {
    if (seq > SEQ_MAX) {
      throw new IllegalStateException("more than 2^40 events from one source in one run");
    }
    return seq;
  }
}
