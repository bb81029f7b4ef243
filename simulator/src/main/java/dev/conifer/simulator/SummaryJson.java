package dev.conifer.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.router.DropReason;
import dev.conifer.simulator.report.Distribution;
import dev.conifer.simulator.report.Ratios;
import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.wire.FrameType;
import java.util.Locale;

/** Builds the one-line JSON summary. Fields appear in a fixed order; numbers are rounded. */
public final class SummaryJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryJson() {}

  static String of(SimulationResult r) {
    SimulationConfig c = r.config;
    ObjectNode root = JSON.createObjectNode();
    root.put("seed", c.seed());
    root.put("topology", c.topologyLabel());
    root.put("nodes", r.nodeCount);
    root.put("links", r.linkCount);
    root.put("liveNodesAtEnd", r.liveNodeCount);
    root.put("durationS", Durations.seconds(c.durationNs()));
    root.put("liveness", c.liveness().name().toLowerCase(Locale.ROOT));
    root.put("latency", c.latency().toString());
    root.put("loss", c.loss());
    root.put("events", r.eventCount);

    ObjectNode conv = root.putObject("convergence");
    conv.put("convergedAtEnd", r.convergedAtEnd);
    putSeconds(conv, "firstConvergedS", r.firstConvergedNs);
    putSeconds(conv, "firstSettledS", r.firstSettledNs);
    conv.put("lossesWithoutEvent", r.convergenceLossesWithoutEvent);
    conv.put("lossesAfterSettling", r.convergenceLossesAfterSettling);
    conv.put("rootCorrectAtEnd", r.rootCorrectAtEnd);
    conv.put("snakeCorrectAtEnd", r.snakeCorrectAtEnd);
    conv.put("coordinatesCorrectAtEnd", r.coordinatesCorrectAtEnd);
    conv.put("componentsAtEnd", r.componentsAtEnd);
    conv.put("checks", r.checkCount);
    conv.put("checkIntervalS", Durations.seconds(c.checkIntervalNs()));

    ObjectNode delivery = root.putObject("delivery");
    long[] all = r.delivery(0);
    long[] measured = r.delivery(r.measureFromNs());
    delivery.put("measuredFromS", Durations.seconds(r.measureFromNs()));
    delivery.put("sent", measured[0]);
    delivery.put("delivered", measured[1]);
    putRatio(delivery, "ratio", ratio(measured));
    delivery.put("sentWholeRun", all[0]);
    delivery.put("deliveredWholeRun", all[1]);
    putRatio(delivery, "ratioWholeRun", ratio(all));
    delivery.put("unreachablePairsSkipped", r.unreachablePairs);
    delivery.put("noRouteAtSource", r.probeNoRoute);
    delivery.put("loopDrops", r.probeLoopDrops);
    delivery.put("deliveredToWrongNode", r.probeMisdelivered);

    ObjectNode stretch = root.putObject("stretch");
    putDistribution(stretch.putObject("firstPacket"), r.firstPacketStretch());
    putDistribution(stretch.putObject("establishedFlow"), r.establishedStretch());
    putDistribution(stretch.putObject("idealGreedyTree"), r.idealEstablishedStretch());
    stretch.put("firstPacketsTreeRouted", r.stretch(ProbeTracker.Kind.FIRST, true).count());
    stretch.put("establishedSnakeRouted", r.stretch(ProbeTracker.Kind.ESTABLISHED, false).count());

    ObjectNode recovery = root.putObject("recovery");
    Distribution rec = r.recoveryTimes();
    recovery.put("churnEvents", r.events.size());
    recovery.put("recovered", rec.count());
    recovery.put("unrecovered", r.events.size() - rec.count());
    putDistribution(recovery.putObject("seconds"), rec);

    ObjectNode overhead = root.putObject("overhead");
    double nodeSeconds = r.series.nodeSeconds();
    ObjectNode perNode = overhead.putObject("bytesPerNodePerSecond");
    ObjectNode totals = overhead.putObject("totalBytes");
    long control = 0;
    for (FrameType type : FrameType.values()) {
      long bytes = r.series.totalBytes(type);
      if (type != FrameType.TRAFFIC) {
        control += bytes;
      }
      String name = typeName(type);
      totals.put(name, bytes);
      putNumber(perNode, name, nodeSeconds == 0 ? Double.NaN : bytes / nodeSeconds);
    }
    totals.put("control", control);
    putNumber(perNode, "control", nodeSeconds == 0 ? Double.NaN : control / nodeSeconds);

    ObjectNode state = root.putObject("routingState");
    state.put("metric", "snake routing-table entries per live node, at the end");
    putNumber(state, "min", r.routesAtEnd.min());
    putNumber(state, "mean", r.routesAtEnd.mean());
    putNumber(state, "max", r.routesAtEnd.max());

    ObjectNode frames = root.putObject("frames");
    frames.put("sent", r.framesSent);
    frames.put("lost", r.framesLost);
    frames.put("droppedOnDownLink", r.framesDroppedOnDownLink);
    frames.put("adversaryDropped", r.adversaryDrops);
    frames.put("protocolDisconnects", r.protocolDisconnects);
    frames.put("malformed", r.malformed);
    frames.put("readTimeouts", r.readTimeouts);
    ObjectNode routerDrops = frames.putObject("routerDrops");
    for (DropReason reason : DropReason.values()) {
      if (r.routerDrops[reason.ordinal()] != 0) {
        routerDrops.put(reason.tag(), r.routerDrops[reason.ordinal()]);
      }
    }
    ObjectNode verdicts = frames.putObject("verdicts");
    for (FrameVerdict v : FrameVerdict.values()) {
      if (r.verdicts.total(v) != 0) {
        verdicts.put(v.name().toLowerCase(Locale.ROOT), r.verdicts.total(v));
      }
    }
    ObjectNode droppedByType = frames.putObject("droppedByType");
    for (FrameType type : FrameType.values()) {
      ObjectNode reasons = null;
      for (FrameVerdict v : FrameVerdict.values()) {
        long n = r.verdicts.get(type, v);
        if (v.dropped() && n != 0) {
          if (reasons == null) {
            reasons = droppedByType.putObject(typeName(type));
          }
          reasons.put(v.name().toLowerCase(Locale.ROOT), n);
        }
      }
    }
    ObjectNode verification = root.putObject("signatureCheck");
    verification.put("mode", c.verification().name().toLowerCase(Locale.ROOT));
    verification.put("hits", r.verificationHits);
    verification.put("misses", r.verificationMisses);
    root.put("scenarioCommands", c.scenario().size());
    root.put("scenarioNoOps", r.scenarioNoOps);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of plain values", e);
    }
  }

  static String typeName(FrameType type) {
    return switch (type) {
      case KEEPALIVE -> "keepalive";
      case TREE_ANNOUNCEMENT -> "treeAnnouncement";
      case BOOTSTRAP -> "bootstrap";
      case TRAFFIC -> "traffic";
      case WAKEUP_BROADCAST -> "wakeupBroadcast";
    };
  }

  private static double ratio(long[] sentDelivered) {
    return sentDelivered[0] == 0 ? Double.NaN : (double) sentDelivered[1] / sentDelivered[0];
  }

  private static void putDistribution(ObjectNode node, Distribution d) {
    node.put("count", d.count());
    putNumber(node, "mean", d.mean());
    putNumber(node, "p50", d.percentile(50));
    putNumber(node, "p99", d.percentile(99));
    putNumber(node, "max", d.max());
  }

  private static void putSeconds(ObjectNode node, String name, long ns) {
    if (ns < 0) {
      node.putNull(name);
    } else {
      node.put(name, Durations.seconds(ns));
    }
  }

  /** A ratio: 4 decimals, more when rounding would make it exactly 0 or 1 (Ratios). */
  public static void putRatio(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, Ratios.round(value));
    }
  }

  static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, Math.round(value * 10_000.0) / 10_000.0);
    }
  }
}
