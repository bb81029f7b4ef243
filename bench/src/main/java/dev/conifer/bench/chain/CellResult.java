package dev.conifer.bench.chain;

/**
 * One measured cell: a payload size and window on one chain, in one run.
 *
 * @param packetsPerSecond echoed messages per second in the measuring interval
 * @param lost messages that never came back during the whole cell (warm-up, measurement, drain)
 * @param stalls times nothing came back for a second and the window was primed again
 * @param samples RTT samples behind the percentiles
 */
record CellResult(
    int payloadLength,
    int window,
    double packetsPerSecond,
    double rttP50Ms,
    double rttP99Ms,
    double rttMaxMs,
    long lost,
    long stalls,
    long samples) {

  /** Echoed payload bytes per second in 10^6 bytes (one direction). */
  double megabytesPerSecond() {
    return packetsPerSecond * payloadLength / 1e6;
  }
}
