package dev.conifer.node.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SweepOutcome ok(SweepRun run, String summary) throws Exception {
    return new SweepOutcome(run, 0, JSON.readTree(summary), null);
  }

  @Test
  void summariesFlattenToDottedColumnsInSummaryOrderAndFailedRunsKeepTheirRow() throws Exception {
    List<SweepRun> runs =
        SweepGrid.runs(List.of(1L, 2L), List.of(SweepGrid.parseAxis("churn=flap:rate=1,down=2s")));
    String summary =
        "{\"seed\":%d,\"topology\":\"a,b\",\"delivery\":{\"ratio\":0.9997,\"x\":null},"
            + "\"events\":5}";
    SweepTable table =
        SweepTable.of(
            List.of(
                ok(runs.get(0), summary.formatted(1)),
                new SweepOutcome(runs.get(1), 1, null, "bad \"thing\"")));
    assertThat(table.columns())
        .containsExactly(
            "run", "seed", "--churn", "exit", "topology", "delivery.ratio", "delivery.x", "events");
    assertThat(table.toCsv())
        .isEqualTo(
            "run,seed,--churn,exit,topology,delivery.ratio,delivery.x,events\n"
                + "001,1,\"flap:rate=1,down=2s\",0,\"a,b\",0.9997,,5\n"
                + "002,2,\"flap:rate=1,down=2s\",1,,,,\n");
  }

  @Test
  void theSpreadOverSeedsKeepsRatiosApartFromOne() throws Exception {
    List<SweepRun> runs = SweepGrid.runs(List.of(1L, 2L), List.of());
    SweepTable table =
        SweepTable.of(
            List.of(
                ok(runs.get(0), "{\"delivery\":{\"ratio\":1}}"),
                ok(runs.get(1), "{\"delivery\":{\"ratio\":0.99994}}")));
    assertThat(SweepReportHtml.spreadOf(table, List.of(0, 1), "delivery.ratio"))
        .isEqualTo("0.99997 (0.9999 – 1), n=2");
    assertThat(SweepReportHtml.spreadOf(table, List.of(0, 1), "missing")).isEqualTo("–");
  }
}
