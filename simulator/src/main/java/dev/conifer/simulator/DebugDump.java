package dev.conifer.simulator;

import dev.conifer.snek.wire.PublicKey;

/** The text a scenario's Debug command records: one line per node with its routing state. */
final class DebugDump {
  private DebugDump() {}

  static String of(Simulation sim, String label) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ")
        .append(label)
        .append(" at ")
        .append(Durations.seconds(sim.clock.nowNs()))
        .append(" s\n");
    sb.append("# name key root coords parentPort descending routes peers\n");
    for (SimNode n : sim.network.nodes) {
      sb.append(n.name).append(' ').append(n.key.shortHex()).append(' ');
      if (!n.isAlive()) {
        sb.append(n.removed ? "removed\n" : "down\n");
        continue;
      }
      PublicKey desc = n.snek.descending();
      sb.append(n.snek.root())
          .append(' ')
          .append(n.snek.coordinates())
          .append(' ')
          .append(n.snek.parentPort())
          .append(' ')
          .append(desc == null ? "-" : desc.shortHex())
          .append(' ')
          .append(n.snek.routeCount())
          .append(' ')
          .append(n.snek.peerCount())
          .append('\n');
    }
    return sb.toString();
  }
}
