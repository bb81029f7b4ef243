package dev.conifer.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.SimTestSupport;
import dev.conifer.simulator.model.DropRates;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
  @Test
  void everyCommandOfTheApiReferenceIsUnderstood() {
    List<ScenarioCommand> commands = SimTestSupport.scenario("api_reference.json");
    assertThat(commands)
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly(
            "Debug",
            "Play",
            "Pause",
            "Delay",
            "AddNode",
            "RemoveNode",
            "AddPeer",
            "RemovePeer",
            "ConfigureAdversaryDefaults",
            "ConfigureAdversaryPeer",
            "StartPings",
            "StopPings");
    assertThat(((ScenarioCommand.Delay) commands.get(3)).lengthNs()).isEqualTo(100_000_000L);
    ScenarioCommand.AddNode add = (ScenarioCommand.AddNode) commands.get(4);
    assertThat(add.name()).isEqualTo("Alice");
    assertThat(add.adversary()).isFalse();
    assertThat(((ScenarioCommand.ConfigureAdversaryPeer) commands.get(9)).rates())
        .isEqualTo(DropRates.NONE);
    assertThat(commands.get(11).index()).isEqualTo(12);
  }

  @Test
  void theExampleScenarioParses() {
    assertThat(SimTestSupport.scenario("example_alice_and_friends.json")).hasSize(14);
  }

  @Test
  void ratesAreStringPercentages() {
    List<ScenarioCommand> c =
        ScenarioLoader.parse(
            "{\"EventSequence\":[{\"Command\":\"ConfigureAdversaryDefaults\",\"Data\":{\"Node\":\"A\","
                + "\"DropRates\":{\"Overall\":\"10\",\"Keepalive\":\"0\",\"TreeAnnouncement\":\"20\","
                + "\"VirtualSnakeBootstrap\":\"30\",\"WakeupBroadcast\":\"40\",\"OverlayTraffic\":50}}}]}",
            "t");
    assertThat(((ScenarioCommand.ConfigureAdversaryDefaults) c.get(0)).rates())
        .isEqualTo(new DropRates(10, 0, 20, 30, 40, 50));
  }

  @Test
  void mistakesNameTheCommandAndItsPosition() {
    assertThatThrownBy(() -> parse("{\"Command\":\"Teleport\",\"Data\":{}}"))
        .hasMessageContaining("command 1 (Teleport): unknown command");
    assertThatThrownBy(() -> parse("{\"Command\":\"AddNode\",\"Data\":{\"Name\":\"A\"}}"))
        .hasMessageContaining("exactly the fields [Name, NodeType]");
    assertThatThrownBy(
            () ->
                parse("{\"Command\":\"AddNode\",\"Data\":{\"Name\":\"A\",\"NodeType\":\"Evil\"}}"))
        .hasMessageContaining("NodeType must be");
    assertThatThrownBy(() -> parse("{\"Command\":\"Delay\",\"Data\":{\"Length\":\"soon\"}}"))
        .hasMessageContaining("Length must be milliseconds");
    assertThatThrownBy(() -> parse("{\"Command\":\"Debug\",\"Data\":{\"Verbose\":true}}"))
        .hasMessageContaining("exactly the fields []");
    assertThatThrownBy(() -> ScenarioLoader.parse("{\"Events\":[]}", "t.json"))
        .hasMessageContaining("t.json: expected an object with an \"EventSequence\" array");
    assertThatThrownBy(() -> ScenarioLoader.parse("{not json", "t.json"))
        .hasMessageContaining("not valid JSON");
  }

  private static List<ScenarioCommand> parse(String item) {
    return ScenarioLoader.parse("{\"EventSequence\":[" + item + "]}", "t.json");
  }
}
