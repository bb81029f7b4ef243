package dev.conifer.simulator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyGeneratorTest {
  @Test
  void shapesHaveTheExpectedSizes() {
    assertThat(TopologyGenerator.generate("line:10", 1).edgeCount()).isEqualTo(9);
    Topology grid = TopologyGenerator.generate("grid:4:3", 1);
    assertThat(grid.nodeCount()).isEqualTo(12);
    assertThat(grid.edgeCount()).isEqualTo(3 * 3 + 4 * 2);
    assertThat(TopologyGenerator.generate("grid:49", 1).nodeCount()).isEqualTo(49);
    assertThat(TopologyGenerator.generate("tree:20", 1).edgeCount()).isEqualTo(19);
    assertThat(TopologyGenerator.generate("tree:15:2", 1).edgeCount()).isEqualTo(14);
    Topology ba = TopologyGenerator.generate("ba:200:3", 1);
    assertThat(ba.nodeCount()).isEqualTo(200);
    assertThat(ba.edgeCount()).isEqualTo(6 + (200 - 4) * 3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomRegularGraphsAreSimpleAndRegular(long seed) {
    Topology t = TopologyGenerator.generate("rr:300:4", seed);
    for (int[] neighbours : t.adjacency()) {
      assertThat(neighbours).as("reproduce: -Dsim.seed=" + seed).hasSize(4);
    }
    assertThat(t.edgeCount()).isEqualTo(600);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void powerLawGraphsAreConnectedWithExactlyLLinksAndHeavyTailedDegrees(long seed) {
    Topology t = TopologyGenerator.generate("pl:9204:28959", seed);
    String why = "reproduce: -Dsim.seed=" + seed;
    assertThat(t.nodeCount()).as(why).isEqualTo(9204);
    assertThat(t.edgeCount()).as(why).isEqualTo(28959);
    int[][] adjacency = t.adjacency();
    int[] degrees = java.util.Arrays.stream(adjacency).mapToInt(a -> a.length).sorted().toArray();
    assertThat(degrees[degrees.length / 2]).as(why + ": median degree").isLessThanOrEqualTo(4);
    assertThat(degrees[degrees.length - 1]).as(why + ": largest hub").isGreaterThan(1000);
    boolean[] seen = new boolean[t.nodeCount()];
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(java.util.List.of(0));
    seen[0] = true;
    int reached = 1;
    while (!queue.isEmpty()) {
      for (int v : adjacency[queue.poll()]) {
        if (!seen[v]) {
          seen[v] = true;
          reached++;
          queue.add(v);
        }
      }
    }
    assertThat(reached).as(why + ": connected").isEqualTo(t.nodeCount());
  }

  @Test
  void powerLawGraphsRefuseImpossibleLinkCounts() {
    assertThatThrownBy(() -> TopologyGenerator.generate("pl:100:50", 1))
        .hasMessageContaining("needs N-1 <= L");
  }

  @Test
  void theSeedDecidesTheGraph() {
    Topology a = TopologyGenerator.generate("ba:100:2", 7);
    Topology b = TopologyGenerator.generate("ba:100:2", 7);
    Topology c = TopologyGenerator.generate("ba:100:2", 8);
    assertThat(edges(a)).isEqualTo(edges(b)).isNotEqualTo(edges(c));
  }

  private static String edges(Topology t) {
    StringBuilder sb = new StringBuilder();
    for (int[] e : t.edges()) {
      sb.append(e[0]).append('-').append(e[1]).append(' ');
    }
    return sb.toString();
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertThatThrownBy(() -> TopologyGenerator.generate("star:5", 1))
        .hasMessageContaining("unknown generator \"star\"");
    assertThatThrownBy(() -> TopologyGenerator.generate("ba:10", 1))
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> TopologyGenerator.generate("line:x", 1))
        .hasMessageContaining("\"x\" is not a number");
    assertThatThrownBy(() -> TopologyGenerator.generate("rr:5:3", 1))
        .hasMessageContaining("n*d even");
  }
}
