package dev.conifer.simulator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.SimTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyLoaderTest {
  @Test
  void pineconeLinesAreChainsWithDuplicatesAndSelfEdgesSkipped() {
    Topology t = TopologyLoader.parsePinecone(List.of("a b c", "c b", "b b d", "", "  e  f "), "x");
    assertThat(t.names()).containsExactly("a", "b", "c", "d", "e", "f");
    // a-b, b-c, (c-b duplicate), (b-b self), b-d, e-f
    assertThat(t.edgeCount()).isEqualTo(4);
    assertThat(t.hasEdge(t.indexOf("b"), t.indexOf("d"))).isTrue();
  }

  @Test
  void readsTheSharedPineconeFiles() {
    Topology sim = SimTestSupport.topology("sim.txt");
    assertThat(sim.nodeCount()).isEqualTo(26);
    assertThat(SimTestSupport.topology("line-0050.txt").edgeCount()).isEqualTo(49);
    Topology grid = SimTestSupport.topology("grid4-0049.txt");
    assertThat(grid.nodeCount()).isEqualTo(49);
    assertThat(grid.edgeCount()).isEqualTo(84);
  }

  @Test
  void edgeListsAllowCommentsCommasAndTabs() {
    Topology t =
        TopologyLoader.parseEdges(List.of("# header", "a,b", "b\tc  # trailing", "", "c d"), "e");
    assertThat(t.nodeCount()).isEqualTo(4);
    assertThat(t.edgeCount()).isEqualTo(3);
  }

  @Test
  void badEdgeListLinesNameTheFileAndLine() {
    assertThatThrownBy(() -> TopologyLoader.parseEdges(List.of("a b", "a b c"), "edges.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("edges.txt:2")
        .hasMessageContaining("a b c");
    assertThatThrownBy(() -> TopologyLoader.parsePinecone(List.of("", " "), "empty.txt"))
        .hasMessageContaining("no nodes");
  }
}
