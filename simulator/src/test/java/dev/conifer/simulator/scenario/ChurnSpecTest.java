package dev.conifer.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.Durations;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnSpecTest {
  @Test
  void parsesEachKind() {
    List<ChurnSpec> specs =
        ChurnSpec.parseAll(
            "flap:rate=0.5,down=5s; crash:rate=0.1,down=20s,start=10s,stop=50s;"
                + "partition:at=60s,heal=90s,fraction=0.3");
    assertThat(specs).hasSize(3);
    ChurnSpec flap = specs.get(0);
    assertThat(flap.kind()).isEqualTo(ChurnSpec.Kind.FLAP);
    assertThat(flap.ratePerSecond()).isEqualTo(0.5);
    assertThat(flap.downNs()).isEqualTo(5 * Durations.SECOND_NS);
    assertThat(flap.effectiveStartNs(100 * Durations.SECOND_NS))
        .isEqualTo(25 * Durations.SECOND_NS);
    ChurnSpec crash = specs.get(1);
    assertThat(crash.effectiveStopNs(100 * Durations.SECOND_NS))
        .isEqualTo(50 * Durations.SECOND_NS);
    ChurnSpec partition = specs.get(2);
    assertThat(partition.atNs()).isEqualTo(60 * Durations.SECOND_NS);
    assertThat(partition.healNs()).isEqualTo(90 * Durations.SECOND_NS);
    assertThat(partition.fraction()).isEqualTo(0.3);
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> ChurnSpec.parse("quake:rate=1"))
        .hasMessageContaining("unknown churn kind");
    assertThatThrownBy(() -> ChurnSpec.parse("flap:rate=1")).hasMessageContaining("needs down=");
    assertThatThrownBy(() -> ChurnSpec.parse("flap:rate=1,down=2s,speed=3"))
        .hasMessageContaining("unknown key \"speed\"");
    assertThatThrownBy(() -> ChurnSpec.parse("flap:rate=x,down=2s"))
        .hasMessageContaining("bad number");
    assertThatThrownBy(() -> ChurnSpec.parse("partition:at=9s,heal=5s"))
        .hasMessageContaining("heal > at");
    assertThatThrownBy(() -> ChurnSpec.parse("flap:rate")).hasMessageContaining("key=value");
  }
}
