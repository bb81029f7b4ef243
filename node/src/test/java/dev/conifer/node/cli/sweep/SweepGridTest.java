package dev.conifer.node.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepGridTest {
  @Test
  void seedsTakeRangesListsAndBoth() {
    assertThat(SweepGrid.parseSeeds("1..4")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(SweepGrid.parseSeeds("7, 3,5")).containsExactly(7L, 3L, 5L);
    assertThat(SweepGrid.parseSeeds("1..2,10")).containsExactly(1L, 2L, 10L);
  }

  @Test
  void badSeedsAreOneLineErrorsNamingTheInput() {
    assertThatThrownBy(() -> SweepGrid.parseSeeds("1..x"))
        .hasMessage("--seeds: \"1..x\" is not a seed or a range like 1..8 (in \"1..x\")");
    assertThatThrownBy(() -> SweepGrid.parseSeeds("4..1")).hasMessage("--seeds: empty range 4..1");
    assertThatThrownBy(() -> SweepGrid.parseSeeds("1..3,2"))
        .hasMessage("--seeds: seed 2 is given twice");
    assertThatThrownBy(() -> SweepGrid.parseSeeds("1..1000000")).hasMessageContaining("more than");
  }

  @Test
  void anAxisIsAnOptionAndValuesSplitOnBarsNotCommas() {
    SweepGrid.Axis axis = SweepGrid.parseAxis("churn=flap:rate=1,down=10s|crash:rate=0.2,down=30s");
    assertThat(axis.option()).isEqualTo("--churn");
    assertThat(axis.values()).containsExactly("flap:rate=1,down=10s", "crash:rate=0.2,down=30s");
    assertThat(SweepGrid.parseAxis("--pairs=10|20").option()).isEqualTo("--pairs");
  }

  @Test
  void badAxesAreRefused() {
    assertThatThrownBy(() -> SweepGrid.parseAxis("pairs")).hasMessageContaining("NAME=V1|V2");
    assertThatThrownBy(() -> SweepGrid.parseAxis("seed=1|2")).hasMessageContaining("--seeds");
    assertThatThrownBy(() -> SweepGrid.parseAxis("out=a|b")).hasMessageContaining("sweep itself");
    assertThatThrownBy(() -> SweepGrid.parseAxis("pairs=1||2")).hasMessageContaining("empty");
    assertThatThrownBy(() -> SweepGrid.parseAxis("pairs=1|1")).hasMessageContaining("twice");
    SweepGrid.Axis pairs = SweepGrid.parseAxis("pairs=1|2");
    assertThatThrownBy(() -> SweepGrid.runs(List.of(1L), List.of(pairs, pairs)))
        .hasMessage("--vary: --pairs is varied twice");
  }

  @Test
  void theGridCrossesEverySeedWithEveryCombinationSeedsFastest() {
    List<SweepRun> runs =
        SweepGrid.runs(
            List.of(1L, 2L),
            List.of(SweepGrid.parseAxis("pairs=10|20"), SweepGrid.parseAxis("loss=0|0.01")));
    assertThat(runs).hasSize(8);
    assertThat(runs.get(0).combination()).isEqualTo("--pairs=10 --loss=0");
    assertThat(runs.get(1).combination()).isEqualTo("--pairs=10 --loss=0");
    assertThat(runs.get(1).seed()).isEqualTo(2);
    assertThat(runs.get(2).combination()).isEqualTo("--pairs=10 --loss=0.01");
    assertThat(runs.get(7).combination()).isEqualTo("--pairs=20 --loss=0.01");
    assertThat(runs.get(7).id()).isEqualTo("008");
    assertThat(runs.get(7).simArgs(List.of("--generate", "line:3"), Path.of("o")))
        .containsExactly(
            "--generate",
            "line:3",
            "--pairs=20",
            "--loss=0.01",
            "--seed",
            "2",
            "--out",
            "o",
            "--no-progress");
  }

  @Test
  void aGridLargerThanTheBoundIsRefused() {
    assertThatThrownBy(
            () ->
                SweepGrid.runs(
                    SweepGrid.parseSeeds("1..5000"), List.of(SweepGrid.parseAxis("pairs=1|2|3"))))
        .hasMessageContaining("15000 runs");
  }
}
