package dev.conifer.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conifer.simulator.model.DropRates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Pinecone's event-sequence JSON ({@code {"EventSequence":[{"Command":…,"Data":{…}}]}}). Like
 * Pinecone's UI, {@code Data} must have exactly the listed fields. Every command Pinecone defines
 * is understood; anything else is an error naming the command and its position.
 */
public final class ScenarioLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] RATE_FIELDS = {
    "Overall",
    "Keepalive",
    "TreeAnnouncement",
    "VirtualSnakeBootstrap",
    "WakeupBroadcast",
    "OverlayTraffic"
  };

  private ScenarioLoader() {}

  public static List<ScenarioCommand> load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  public static List<ScenarioCommand> parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("EventSequence").isArray()) {
      throw new IllegalArgumentException(
          source + ": expected an object with an \"EventSequence\" array");
    }
    List<ScenarioCommand> commands = new ArrayList<>();
    int index = 0;
    for (JsonNode item : root.get("EventSequence")) {
      index++;
      commands.add(parseCommand(item, index, source));
    }
    return commands;
  }

  private static ScenarioCommand parseCommand(JsonNode item, int index, String source) {
    String where = source + ": command " + index;
    if (!item.isObject() || !item.path("Command").isTextual()) {
      throw new IllegalArgumentException(where + ": needs a \"Command\" string");
    }
    String name = item.get("Command").asText();
    where += " (" + name + ")";
    JsonNode data = item.path("Data");
    if (!data.isMissingNode() && !data.isObject()) {
      throw new IllegalArgumentException(where + ": \"Data\" must be an object");
    }
    switch (name) {
      case "Debug":
        fields(data, where);
        return new ScenarioCommand.Debug(index);
      case "Play":
        fields(data, where);
        return new ScenarioCommand.Play(index);
      case "Pause":
        fields(data, where);
        return new ScenarioCommand.Pause(index);
      case "StartPings":
        fields(data, where);
        return new ScenarioCommand.StartPings(index);
      case "StopPings":
        fields(data, where);
        return new ScenarioCommand.StopPings(index);
      case "Delay":
        fields(data, where, "Length");
        JsonNode length = data.get("Length");
        if (!length.isNumber() || length.asDouble() < 0 || length.asDouble() > 1e9) {
          throw new IllegalArgumentException(where + ": Length must be milliseconds, 0..1e9");
        }
        return new ScenarioCommand.Delay(index, Math.round(length.asDouble() * 1_000_000.0));
      case "AddNode":
        fields(data, where, "Name", "NodeType");
        String type = text(data, "NodeType", where);
        if (!type.equals("Default") && !type.equals("GeneralAdversary")) {
          throw new IllegalArgumentException(
              where
                  + ": NodeType must be \"Default\" or \"GeneralAdversary\", got \""
                  + type
                  + "\"");
        }
        return new ScenarioCommand.AddNode(
            index, text(data, "Name", where), type.equals("GeneralAdversary"));
      case "RemoveNode":
        fields(data, where, "Name");
        return new ScenarioCommand.RemoveNode(index, text(data, "Name", where));
      case "AddPeer":
        fields(data, where, "Node", "Peer");
        return new ScenarioCommand.AddPeer(
            index, text(data, "Node", where), text(data, "Peer", where));
      case "RemovePeer":
        fields(data, where, "Node", "Peer");
        return new ScenarioCommand.RemovePeer(
            index, text(data, "Node", where), text(data, "Peer", where));
      case "ConfigureAdversaryDefaults":
        fields(data, where, "Node", "DropRates");
        return new ScenarioCommand.ConfigureAdversaryDefaults(
            index, text(data, "Node", where), rates(data.get("DropRates"), where));
      case "ConfigureAdversaryPeer":
        fields(data, where, "Node", "Peer", "DropRates");
        return new ScenarioCommand.ConfigureAdversaryPeer(
            index,
            text(data, "Node", where),
            text(data, "Peer", where),
            rates(data.get("DropRates"), where));
      default:
        throw new IllegalArgumentException(
            where
                + ": unknown command (known: Debug, Play, Pause, Delay, AddNode, RemoveNode,"
                + " AddPeer, RemovePeer, ConfigureAdversaryDefaults, ConfigureAdversaryPeer,"
                + " StartPings, StopPings)");
    }
  }

  /** Data must have exactly these fields, as Pinecone's UI checks. */
  private static void fields(JsonNode data, String where, String... expected) {
    Set<String> actual = new TreeSet<>();
    if (data.isObject()) {
      Iterator<String> names = data.fieldNames();
      names.forEachRemaining(actual::add);
    }
    Set<String> wanted = new TreeSet<>(List.of(expected));
    if (!actual.equals(wanted)) {
      throw new IllegalArgumentException(
          where + ": Data must have exactly the fields " + wanted + ", got " + actual);
    }
  }

  private static String text(JsonNode data, String field, String where) {
    JsonNode node = data.get(field);
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new IllegalArgumentException(where + ": " + field + " must be a non-empty string");
    }
    return node.asText();
  }

  /** Pinecone sends each rate as a string integer; plain integers are accepted too. */
  private static DropRates rates(JsonNode node, String where) {
    fields(node, where + " DropRates", RATE_FIELDS);
    int[] values = new int[RATE_FIELDS.length];
    for (int i = 0; i < RATE_FIELDS.length; i++) {
      JsonNode v = node.get(RATE_FIELDS[i]);
      String text = v.isTextual() ? v.asText().trim() : v.isIntegralNumber() ? v.asText() : "";
      try {
        values[i] = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        values[i] = -1;
      }
      if (values[i] < 0 || values[i] > 100) {
        throw new IllegalArgumentException(
            where + ": DropRates." + RATE_FIELDS[i] + " must be a percentage 0..100, got " + v);
      }
    }
    return new DropRates(values[0], values[1], values[2], values[3], values[4], values[5]);
  }
}
