package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.model.LatencyModel;
import dev.conifer.simulator.model.SimRandom;
import dev.conifer.simulator.report.Distribution;
import org.junit.jupiter.api.Test;

/** Durations, latency models and the statistics helper. */
class ParsingTest {
  @Test
  void durationsTakeUnits() {
    assertThat(Durations.parseNs("250ms")).isEqualTo(250_000_000L);
    assertThat(Durations.parseNs("5")).isEqualTo(5_000_000_000L);
    assertThat(Durations.parseNs("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(Durations.parseNs("2m")).isEqualTo(120_000_000_000L);
    assertThat(Durations.parseNs("10us")).isEqualTo(10_000L);
    assertThatThrownBy(() -> Durations.parseNs("5 parsecs")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> Durations.parseNs("soon")).hasMessageContaining("not a duration");
  }

  @Test
  void latencyModelsParseAndSampleInRange() {
    SimRandom r = new SimRandom(1);
    assertThat(LatencyModel.parse("5ms").sampleNs(r)).isEqualTo(5_000_000L);
    assertThat(LatencyModel.parse("fixed:2ms").sampleNs(r)).isEqualTo(2_000_000L);
    LatencyModel uniform = LatencyModel.parse("uniform:1ms:3ms");
    for (int i = 0; i < 1000; i++) {
      assertThat(uniform.sampleNs(r)).isBetween(1_000_000L, 3_000_000L);
    }
    assertThat(LatencyModel.parse("exp:1ms").sampleNs(r)).isGreaterThanOrEqualTo(0);
    assertThat(LatencyModel.parse("uniform:1ms:10ms").toString()).isEqualTo("uniform:1ms:10ms");
    assertThatThrownBy(() -> LatencyModel.parse("gamma:1ms"))
        .hasMessageContaining("unknown latency");
    assertThatThrownBy(() -> LatencyModel.parse("uniform:5ms:1ms")).hasMessageContaining("below");
  }

  @Test
  void distributionPercentilesAreNearestRank() {
    Distribution d = new Distribution();
    for (int i = 100; i >= 1; i--) {
      d.add(i);
    }
    assertThat(d.percentile(50)).isEqualTo(50);
    assertThat(d.percentile(99)).isEqualTo(99);
    assertThat(d.max()).isEqualTo(100);
    assertThat(d.min()).isEqualTo(1);
    assertThat(d.mean()).isEqualTo(50.5);
    assertThat(new Distribution().mean()).isNaN();
  }
}
