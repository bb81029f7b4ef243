package dev.conifer.snek;

/** What {@link SnekNode#send} did with locally originated traffic. */
public enum SendResult {
  QUEUED,
  DELIVERED_LOCALLY,
  NO_ROUTE,
  PAYLOAD_TOO_LARGE,
  QUEUE_FULL
}
