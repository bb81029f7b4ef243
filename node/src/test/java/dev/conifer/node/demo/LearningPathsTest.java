package dev.conifer.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;

/** The demo's learning paths load from their resource, in the order the story writes them. */
class LearningPathsTest {
  @Test
  void theFivePathsLoadWithTheirStepsAndCoverColours() {
    assertThat(LearningPaths.ALL)
        .extracting(LearningPaths.LearningPath::key)
        .containsExactly(
            "paths/soil", "paths/seeds", "paths/compost", "paths/water", "paths/harvest");
    LearningPaths.LearningPath water = LearningPaths.ALL.get(3);
    assertThat(water.title()).isEqualTo("Catching rain");
    assertThat(water.steps())
        .containsExactly("Measure the roof", "Fit a gutter diverter", "Screen the barrel");
    assertThat(water.background()).isEqualTo(new Color(0x1E, 0x63, 0xB4));
    assertThat(water.shape()).isEqualTo(new Color(0xB3, 0xE5, 0xFC));
    assertThat(LearningPaths.ALL).allMatch(p -> !p.notes().isEmpty() && p.steps().size() >= 3);
  }
}
