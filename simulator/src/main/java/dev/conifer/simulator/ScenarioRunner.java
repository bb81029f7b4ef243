package dev.conifer.simulator;

import dev.conifer.simulator.scenario.ScenarioCommand;
import dev.conifer.simulator.scenario.ScenarioCommand.AddNode;
import dev.conifer.simulator.scenario.ScenarioCommand.AddPeer;
import dev.conifer.simulator.scenario.ScenarioCommand.ConfigureAdversaryDefaults;
import dev.conifer.simulator.scenario.ScenarioCommand.ConfigureAdversaryPeer;
import dev.conifer.simulator.scenario.ScenarioCommand.Delay;
import dev.conifer.simulator.scenario.ScenarioCommand.RemoveNode;
import dev.conifer.simulator.scenario.ScenarioCommand.RemovePeer;
import dev.conifer.simulator.topology.Topology;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays a Pinecone event sequence in virtual time: commands between two Delays happen at the same
 * instant, in file order. The whole sequence is checked before the run starts, so a command that
 * names a missing node fails at once, naming the command, rather than halfway through.
 */
final class ScenarioRunner {
  private final Simulation sim;
  private final List<ScenarioCommand> commands;

  ScenarioRunner(Simulation sim, List<ScenarioCommand> commands) {
    this.sim = sim;
    this.commands = commands;
  }

  /** Throws {@link IllegalArgumentException} for the first command that could not run. */
  void validate() {
    Set<String> live = new HashSet<>();
    Map<String, Boolean> adversary = new HashMap<>();
    Set<Long> peerings = new HashSet<>();
    Map<String, Integer> ids = new HashMap<>();
    if (sim.config.topology() != null) {
      Topology t = sim.config.topology();
      live.addAll(t.names());
      for (int[] e : t.edges()) {
        peerings.add(pairKey(ids, t.name(e[0]), t.name(e[1])));
      }
    }
    for (ScenarioCommand c : commands) {
      if (c instanceof AddNode a) {
        require(!live.contains(a.name()), c, "node \"" + a.name() + "\" already exists");
        live.add(a.name());
        adversary.put(a.name(), a.adversary());
      } else if (c instanceof RemoveNode r) {
        require(live.remove(r.name()), c, "unknown node \"" + r.name() + "\"");
        Integer id = ids.get(r.name());
        if (id != null) {
          peerings.removeIf(k -> involves(k, id));
        }
      } else if (c instanceof AddPeer p) {
        requireNodes(live, c, p.node(), p.peer());
        require(!p.node().equals(p.peer()), c, "a node cannot peer with itself");
        require(
            peerings.add(pairKey(ids, p.node(), p.peer())),
            c,
            "\"" + p.node() + "\" and \"" + p.peer() + "\" are already peered");
      } else if (c instanceof RemovePeer p) {
        requireNodes(live, c, p.node(), p.peer());
        require(
            peerings.remove(pairKey(ids, p.node(), p.peer())),
            c,
            "\"" + p.node() + "\" and \"" + p.peer() + "\" are not peered");
      } else if (c instanceof ConfigureAdversaryDefaults a) {
        requireNodes(live, c, a.node());
        require(
            Boolean.TRUE.equals(adversary.get(a.node())),
            c,
            "node \"" + a.node() + "\" is not a GeneralAdversary (add it with that NodeType)");
      } else if (c instanceof ConfigureAdversaryPeer a) {
        requireNodes(live, c, a.node(), a.peer());
        require(
            Boolean.TRUE.equals(adversary.get(a.node())),
            c,
            "node \"" + a.node() + "\" is not a GeneralAdversary (add it with that NodeType)");
      }
    }
    if (sim.config.scenarioLengthNs() > sim.config.durationNs()) {
      throw new IllegalArgumentException(
          "the scenario's Delays add up to "
              + Durations.seconds(sim.config.scenarioLengthNs())
              + " s, longer than the run ("
              + Durations.seconds(sim.config.durationNs())
              + " s): raise --duration");
    }
  }

  private static long pairKey(Map<String, Integer> ids, String a, String b) {
    int ia = ids.computeIfAbsent(a, k -> ids.size());
    int ib = ids.computeIfAbsent(b, k -> ids.size());
    return Topology.edgeKey(ia, ib);
  }

  private static boolean involves(long key, int id) {
    return (int) (key >>> 32) == id || (int) key == id;
  }

  private static void requireNodes(Set<String> live, ScenarioCommand c, String... names) {
    for (String name : names) {
      require(live.contains(name), c, "unknown node \"" + name + "\"");
    }
  }

  private static void require(boolean ok, ScenarioCommand c, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(
          "scenario command " + c.index() + " (" + c.getClass().getSimpleName() + "): " + problem);
    }
  }

  /** Schedules every command at its virtual time; pings start off if the scenario starts them. */
  void schedule() {
    long at = 0;
    for (ScenarioCommand c : commands) {
      if (c instanceof ScenarioCommand.StartPings) {
        sim.probes.enabled = false;
      }
    }
    for (ScenarioCommand c : commands) {
      if (c instanceof Delay d) {
        at += d.lengthNs();
        continue;
      }
      sim.queue.schedule(
          at,
          new EventQueue.Event() {
            @Override
            protected void run(long nowNs) {
              execute(c);
            }
          });
    }
  }

  private void execute(ScenarioCommand c) {
    long now = sim.clock.nowNs();
    String label = "scenario command " + c.index() + " (" + c.getClass().getSimpleName() + ")";
    if (c instanceof AddNode a) {
      SimNode node = sim.addNode(a.name(), a.adversary());
      sim.startNode(node);
      sim.monitor.recordEvent(now, "add-node", a.name());
    } else if (c instanceof RemoveNode r) {
      SimNode node = sim.byName.get(r.name());
      node.removed = true;
      sim.network.stop(node, true);
      for (SimLink link : node.links) {
        sim.network.setDown(link, SimLink.DOWN_REMOVED, true, true);
      }
      sim.monitor.recordEvent(now, "remove-node", r.name());
    } else if (c instanceof AddPeer p) {
      SimLink link = sim.connect(sim.byName.get(p.node()), sim.byName.get(p.peer()));
      sim.network.setDown(link, SimLink.DOWN_REMOVED, false, true);
      sim.network.reconcile(link, true);
      sim.monitor.recordEvent(now, "add-peer", p.node() + " " + p.peer());
    } else if (c instanceof RemovePeer p) {
      SimLink link = sim.linkBetween(sim.byName.get(p.node()), sim.byName.get(p.peer()));
      sim.network.setDown(link, SimLink.DOWN_REMOVED, true, true);
      sim.monitor.recordEvent(now, "remove-peer", p.node() + " " + p.peer());
    } else if (c instanceof ConfigureAdversaryDefaults a) {
      sim.byName.get(a.node()).filter.configureDefaults(a.rates());
    } else if (c instanceof ConfigureAdversaryPeer a) {
      sim.byName.get(a.node()).filter.configurePeer(a.peer(), a.rates());
    } else if (c instanceof ScenarioCommand.StartPings) {
      sim.probes.enabled = true;
      sim.note(label + ": probes on");
    } else if (c instanceof ScenarioCommand.StopPings) {
      sim.probes.enabled = false;
      sim.note(label + ": probes off");
    } else if (c instanceof ScenarioCommand.Debug) {
      sim.debugDumps.add(DebugDump.of(sim, label));
      sim.note(label + ": state dump written");
    } else {
      sim.scenarioNoOpCount++;
      sim.note(label + ": Play and Pause only steer Pinecone's UI; no effect in virtual time");
    }
  }
}
