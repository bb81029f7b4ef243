package dev.conifer.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.FrameType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DropRatesTest {
  @ParameterizedTest
  @CsvSource({"0,0", "25,25", "50,50", "33,33", "1,1", "100,100", "60,60"})
  void dropsExactlyTheRateOverEveryHundredFrames(int rate, int expected) {
    int dropped = 0;
    for (long i = 1; i <= 100; i++) {
      if (DropRates.drops(rate, i)) {
        dropped++;
      }
    }
    assertThat(dropped).isEqualTo(expected);
  }

  @Test
  void dropsTheFirstFramesOfEachPeriod() {
    // 25% -> g = 25: drop the first 1 of every 4.
    assertThat(DropRates.drops(25, 1)).isTrue();
    assertThat(DropRates.drops(25, 2)).isFalse();
    assertThat(DropRates.drops(25, 4)).isFalse();
    assertThat(DropRates.drops(25, 5)).isTrue();
    // 60% -> g = 20: drop the first 3 of every 5.
    assertThat(DropRates.drops(60, 3)).isTrue();
    assertThat(DropRates.drops(60, 4)).isFalse();
  }

  @Test
  void eitherTheOverallOrTheTypeCounterDrops() {
    AdversaryFilter filter = new AdversaryFilter();
    filter.configureDefaults(new DropRates(0, 0, 100, 0, 0, 0));
    assertThat(filter.drop("bob", FrameType.TREE_ANNOUNCEMENT)).isTrue();
    assertThat(filter.drop("bob", FrameType.BOOTSTRAP)).isFalse();
    filter.configurePeer("carol", new DropRates(50, 0, 0, 0, 0, 0));
    // Carol's own rates replace the defaults: 50% overall, counted per sending peer.
    assertThat(filter.drop("carol", FrameType.TREE_ANNOUNCEMENT)).isTrue();
    assertThat(filter.drop("carol", FrameType.TREE_ANNOUNCEMENT)).isFalse();
    assertThat(filter.drop("bob", FrameType.TREE_ANNOUNCEMENT)).isTrue();
    assertThat(filter.droppedCount()).isEqualTo(3);
  }
}
