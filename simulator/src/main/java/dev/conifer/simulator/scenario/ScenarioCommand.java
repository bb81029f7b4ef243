package dev.conifer.simulator.scenario;

import dev.conifer.simulator.model.DropRates;

/**
 * One command of a Pinecone event sequence (PROTOCOL.md §13.3). {@code index} is the command's
 * 1-based position in the file, for error messages.
 */
public sealed interface ScenarioCommand {
  int index();

  /** Prints a state summary (to the run's log and a debug file in the output directory). */
  record Debug(int index) implements ScenarioCommand {}

  /** UI-only in Pinecone (dropped from multi-command batches); a counted no-op here. */
  record Play(int index) implements ScenarioCommand {}

  /** UI-only in Pinecone (dropped from multi-command batches); a counted no-op here. */
  record Pause(int index) implements ScenarioCommand {}

  /** Advances scenario time. */
  record Delay(int index, long lengthNs) implements ScenarioCommand {}

  record AddNode(int index, String name, boolean adversary) implements ScenarioCommand {}

  record RemoveNode(int index, String name) implements ScenarioCommand {}

  record AddPeer(int index, String node, String peer) implements ScenarioCommand {}

  record RemovePeer(int index, String node, String peer) implements ScenarioCommand {}

  record ConfigureAdversaryDefaults(int index, String node, DropRates rates)
      implements ScenarioCommand {}

  record ConfigureAdversaryPeer(int index, String node, String peer, DropRates rates)
      implements ScenarioCommand {}

  record StartPings(int index) implements ScenarioCommand {}

  record StopPings(int index) implements ScenarioCommand {}
}
