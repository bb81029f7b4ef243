package dev.conifer.node.cli;

import java.util.Locale;

/**
 * The outcome of one {@code conifer ping} run.
 *
 * @param sent data payloads handed to the router (probes not included)
 * @param received distinct payloads that came back in time
 * @param elapsedNs from the first data send to the last reply
 * @param payloadLength bytes per payload
 * @param rttP50Ns median round-trip time, 0 if nothing came back
 * @param rttP99Ns 99th percentile round-trip time, 0 if nothing came back
 */
public record PingResult(
    long sent, long received, long elapsedNs, int payloadLength, long rttP50Ns, long rttP99Ns) {

  public long lost() {
    return sent - received;
  }

  public double packetsPerSecond() {
    return elapsedNs <= 0 ? 0 : received * 1e9 / elapsedNs;
  }

  /** Echoed payload bytes per second, in 10^6 bytes (one direction; the same bytes went out). */
  public double megabytesPerSecond() {
    return packetsPerSecond() * payloadLength / 1e6;
  }

  /**
   * One line, stable for scripts: {@code sent=1000 received=1000 lost=0 packets/s=41234.5
   * MB/s=42.22 rtt_p50_ms=0.741 rtt_p99_ms=2.113}.
   */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "sent=%d received=%d lost=%d packets/s=%.1f MB/s=%.2f rtt_p50_ms=%.3f rtt_p99_ms=%.3f",
        sent,
        received,
        lost(),
        packetsPerSecond(),
        megabytesPerSecond(),
        rttP50Ns / 1e6,
        rttP99Ns / 1e6);
  }
}
