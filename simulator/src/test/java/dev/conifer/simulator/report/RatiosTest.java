package dev.conifer.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.SummaryJson;
import org.junit.jupiter.api.Test;

class RatiosTest {
  @Test
  void fourDecimalsTellAlmostPerfectFromPerfect() {
    assertThat(Ratios.format(0.9997)).isEqualTo("0.9997");
    assertThat(Ratios.format(9997.0 / 10000)).isNotEqualTo("1");
    assertThat(Ratios.format(1.0)).isEqualTo("1");
    assertThat(Ratios.format(0.5)).isEqualTo("0.5");
    assertThat(Ratios.format(0.123456)).isEqualTo("0.1235");
  }

  @Test
  void neverRoundsToOneOrZeroWhenItIsNot() {
    assertThat(Ratios.format(0.99997)).isEqualTo("0.99997");
    assertThat(Ratios.format(199_999.0 / 200_000)).isEqualTo("0.999995");
    assertThat(Ratios.format(0.00002)).isEqualTo("0.00002");
    assertThat(Ratios.round(0.99997)).isLessThan(1.0);
    assertThat(Ratios.format(Double.NaN)).isEqualTo("–");
  }

  @Test
  void theSummaryKeepsTheGapToo() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode node =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    SummaryJson.putRatio(node, "ratio", 99_999.0 / 100_000);
    assertThat(node.get("ratio").asDouble()).isLessThan(1.0);
    assertThat(node.toString()).isEqualTo("{\"ratio\":0.99999}");
  }
}
