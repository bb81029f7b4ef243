package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.scenario.ScenarioCommand;
import dev.conifer.simulator.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pinecone event sequences replay in virtual time. */
class ScenarioReplaySimTest {
  private static SimulationConfig scenarioOnly(List<ScenarioCommand> commands, long durationS) {
    return SimulationConfig.defaults(null, "scenario")
        .withScenario(commands)
        .withDuration(durationS * Durations.SECOND_NS)
        .withProbes(10, Durations.SECOND_NS);
  }

  @Test
  void aliceAndFriendsReplays() {
    SimulationResult r =
        Simulation.run(
            scenarioOnly(SimTestSupport.scenario("example_alice_and_friends.json"), 30), null);
    assertThat(r.events())
        .extracting(ChurnEvent::kind)
        .containsExactly(
            "add-node",
            "add-node",
            "add-peer",
            "add-node",
            "add-node",
            "add-peer",
            "add-peer",
            "remove-node",
            "remove-node",
            "remove-node",
            "remove-node");
    TimeSeries s = r.series();
    // Bucket 13 ends at 14 s: Bob and Charlie were linked at 10 s, all four are one network.
    assertThat(s.liveNodes[13]).isEqualTo(4);
    assertThat(s.components[13]).isEqualTo(1);
    assertThat(s.converged[13]).isTrue();
    // Two separate pairs before that, each converged on its own.
    assertThat(s.components[8]).isEqualTo(2);
    assertThat(s.converged[8]).isTrue();
    // Everyone is removed at 15 s.
    assertThat(r.liveNodeCount()).isZero();
    assertThat(r.events().get(6).recoveryNs()).isBetween(0L, 4 * Durations.SECOND_NS);
  }

  @Test
  void theApiReferenceFailsClearlyWhereItNamesARemovedNode() {
    // The reference lists every command once; as a sequence it peers Alice after removing her.
    assertThatThrownBy(
            () ->
                Simulation.run(
                    scenarioOnly(SimTestSupport.scenario("api_reference.json"), 10), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scenario command 7 (AddPeer): unknown node \"Alice\"");
    // The same with a topology underneath (its peerings are checked too).
    assertThatThrownBy(
            () ->
                Simulation.run(
                    SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim", 1, 10)
                        .withScenario(SimTestSupport.scenario("api_reference.json")),
                    null))
        .hasMessage("scenario command 7 (AddPeer): unknown node \"Alice\"");
  }

  @Test
  void everyCommandRunsWhenTheSequenceIsConsistent() {
    String half =
        "{\"Overall\":\"50\",\"Keepalive\":\"0\",\"TreeAnnouncement\":\"0\","
            + "\"VirtualSnakeBootstrap\":\"0\",\"WakeupBroadcast\":\"0\",\"OverlayTraffic\":\"0\"}";
    String rates =
        "{\"Overall\":\"0\",\"Keepalive\":\"0\",\"TreeAnnouncement\":\"0\","
            + "\"VirtualSnakeBootstrap\":\"100\",\"WakeupBroadcast\":\"0\",\"OverlayTraffic\":\"0\"}";
    String json =
        "{\"EventSequence\":["
            + cmd("AddNode", "\"Name\":\"Alice\",\"NodeType\":\"GeneralAdversary\"")
            + ","
            + cmd("AddNode", "\"Name\":\"Bob\",\"NodeType\":\"Default\"")
            + ","
            + cmd("AddNode", "\"Name\":\"Carol\",\"NodeType\":\"Default\"")
            + ","
            + cmd("ConfigureAdversaryDefaults", "\"Node\":\"Alice\",\"DropRates\":" + half)
            + ","
            + cmd(
                "ConfigureAdversaryPeer",
                "\"Node\":\"Alice\",\"Peer\":\"Carol\",\"DropRates\":" + rates)
            + ","
            + cmd("AddPeer", "\"Node\":\"Alice\",\"Peer\":\"Bob\"")
            + ","
            + cmd("AddPeer", "\"Node\":\"Bob\",\"Peer\":\"Carol\"")
            + ","
            + cmd("Play", "")
            + ","
            + cmd("StartPings", "")
            + ","
            + cmd("Delay", "\"Length\":10000")
            + ","
            + cmd("Debug", "")
            + ","
            + cmd("StopPings", "")
            + ","
            + cmd("Pause", "")
            + ","
            + cmd("RemovePeer", "\"Node\":\"Bob\",\"Peer\":\"Carol\"")
            + ","
            + cmd("Delay", "\"Length\":1000")
            + ","
            + cmd("RemoveNode", "\"Name\":\"Alice\"")
            + "]}";
    SimulationResult r =
        Simulation.run(scenarioOnly(ScenarioLoader.parse(json, "inline"), 20), null);
    assertThat(r.debugDumps()).hasSize(1);
    assertThat(r.debugDumps().get(0)).contains("Alice").contains("Bob").contains("Carol");
    assertThat(r.notes()).anyMatch(n -> n.contains("Play and Pause"));
    assertThat(r.notes()).anyMatch(n -> n.contains("probes on"));
    assertThat(r.summaryJson()).contains("\"scenarioNoOps\":2");
    // Alice drops every other frame Bob sends her.
    assertThat(r.summaryJson()).containsPattern("\"adversaryDropped\":[1-9]");
    // Probes ran only between StartPings (0 s) and StopPings (10 s).
    assertThat(r.probes()).isNotEmpty().allMatch(p -> p.sentNs() <= 10 * Durations.SECOND_NS);
    assertThat(r.liveNodeCount()).isEqualTo(2);
  }

  @Test
  void scenarioMistakesAreCaughtBeforeTheRun() {
    assertThatThrownBy(
            () ->
                Simulation.run(
                    scenarioOnly(
                        ScenarioLoader.parse(
                            "{\"EventSequence\":["
                                + cmd("AddNode", "\"Name\":\"A\",\"NodeType\":\"Default\"")
                                + ","
                                + cmd(
                                    "ConfigureAdversaryDefaults",
                                    "\"Node\":\"A\",\"DropRates\":{\"Overall\":\"1\",\"Keepalive\":\"0\","
                                        + "\"TreeAnnouncement\":\"0\",\"VirtualSnakeBootstrap\":\"0\","
                                        + "\"WakeupBroadcast\":\"0\",\"OverlayTraffic\":\"0\"}")
                                + "]}",
                            "t"),
                        10),
                    null))
        .hasMessageContaining("command 2 (ConfigureAdversaryDefaults)")
        .hasMessageContaining("not a GeneralAdversary");
    assertThatThrownBy(
            () ->
                Simulation.run(
                    scenarioOnly(
                        ScenarioLoader.parse(
                            "{\"EventSequence\":[" + cmd("Delay", "\"Length\":60000") + "]}", "t"),
                        10),
                    null))
        .hasMessageContaining("raise --duration");
  }

  private static String cmd(String name, String data) {
    return "{\"Command\":\"" + name + "\",\"Data\":{" + data + "}}";
  }
}
