package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingResultTest {
  @Test
  void summaryLineHasEveryFigure() {
    PingResult result = new PingResult(1000, 990, 500_000_000L, 1000, 741_000L, 2_113_456L);

    assertThat(result.summaryLine())
        .isEqualTo(
            "sent=1000 received=990 lost=10 packets/s=1980.0 MB/s=1.98"
                + " rtt_p50_ms=0.741 rtt_p99_ms=2.113");
  }

  @Test
  void nothingBackMeansZeroRates() {
    PingResult result = new PingResult(5, 0, 0, 64, 0, 0);

    assertThat(result.lost()).isEqualTo(5);
    assertThat(result.packetsPerSecond()).isZero();
    assertThat(result.megabytesPerSecond()).isZero();
  }
}
