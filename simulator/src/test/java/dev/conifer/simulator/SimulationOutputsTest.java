package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conifer.simulator.scenario.ChurnSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationOutputsTest {
  @Test
  void writesSummaryCsvAndASelfContainedReport(@TempDir Path dir) throws Exception {
    SimulationResult r =
        Simulation.run(
            SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim.txt", 3, 30)
                .withChurn(ChurnSpec.parseAll("flap:rate=0.5,down=2s")),
            null);
    SimulationOutputs.write(r, dir);

    JsonNode summary = new ObjectMapper().readTree(Files.readString(dir.resolve("summary.json")));
    assertThat(summary.get("nodes").asInt()).isEqualTo(26);
    for (String field :
        List.of(
            "/delivery/ratio",
            "/stretch/firstPacket/p99",
            "/stretch/establishedFlow/max",
            "/recovery/seconds/mean",
            "/overhead/bytesPerNodePerSecond/bootstrap",
            "/routingState/mean",
            "/convergence/firstConvergedS")) {
      assertThat(summary.at(field).isMissingNode()).as(field).isFalse();
    }

    List<String> csv = Files.readAllLines(dir.resolve("timeseries.csv"));
    assertThat(csv.get(0)).startsWith("t_s,live_nodes,up_links");
    assertThat(csv).hasSize(1 + 30);
    assertThat(csv.get(30)).startsWith("30,26,");

    List<String> events = Files.readAllLines(dir.resolve("events.csv"));
    assertThat(events.get(0)).isEqualTo("t_s,kind,detail,recovery_s");
    assertThat(events.size()).isGreaterThan(1);

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script");
    assertThat(html).contains("Delivery over time", "Stretch distribution", "Overhead");
    // Self-contained: nothing is fetched (the only URL is the SVG namespace).
    assertThat(html).doesNotContain(" src=", " href=", "@import");
  }

  @Test
  void writesEveryProbeLostAfterConvergenceWithItsPath(@TempDir Path dir) throws Exception {
    SimulationConfig lossy =
        SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim.txt", 3, 30);
    lossy = lossy.withLinks(lossy.latency(), lossy.jitterNs(), 0.05);
    SimulationResult r = Simulation.run(lossy, null);
    SimulationOutputs.write(r, dir);

    assertThat(r.lostAfterConvergence()).as("5% frame loss loses probes").isNotEmpty();
    List<String> lines = Files.readAllLines(dir.resolve("losses.txt"));
    assertThat(lines.stream().filter(l -> l.startsWith("lost ")))
        .hasSize(r.lostAfterConvergence().size())
        .allMatch(l -> l.contains(" -> ") && l.contains("sent on by:"));
    assertThat(lines).contains("# probes sent from " + r.measureFromText() + " and not delivered");
  }

  /** A run that never converged must not call its losses "after convergence". */
  @Test
  void saysWhereLossesAreCountedFrom() {
    SimulationResult never =
        Simulation.run(
            SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim.txt", 3, 1), null);
    assertThat(never.firstConvergedNs()).as("1 s is too short to converge").isNegative();
    assertThat(never.measureFromText()).isEqualTo("the start (the network never converged)");

    SimulationResult settled =
        Simulation.run(
            SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim.txt", 3, 60), null);
    assertThat(settled.firstSettledNs()).as("sim.txt settles within 60 s").isPositive();
    assertThat(settled.measureFromText())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT, "settling at %.1f s", settled.firstSettledNs() / 1e9));
  }
}
