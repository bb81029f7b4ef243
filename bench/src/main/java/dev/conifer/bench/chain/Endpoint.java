package dev.conifer.bench.chain;

/**
 * The near end of a chain, as the load generator sees it: sends one message of the current size
 * through the chain to the echo node, and hands every echoed message to {@link
 * ClosedLoopLoad#onEcho} on its receive thread.
 */
interface Endpoint extends AutoCloseable {
  /** Sets the payload size (bytes, at least {@link MessageHeader#LENGTH}) of the next messages. */
  void payloadLength(int length);

  /**
   * Sends one message carrying the header; false if it was refused locally (full queue). {@code
   * onReceiveThread} is true when called from inside {@link ClosedLoopLoad#onEcho}, so a reused
   * buffer is safe and the flush may wait for the end of the read batch.
   */
  boolean send(int epoch, long seq, long sendNs, boolean onReceiveThread);

  @Override
  void close();
}
