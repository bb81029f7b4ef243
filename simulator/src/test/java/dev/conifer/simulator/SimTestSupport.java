package dev.conifer.simulator;

import dev.conifer.simulator.scenario.ScenarioCommand;
import dev.conifer.simulator.scenario.ScenarioLoader;
import dev.conifer.simulator.topology.Topology;
import dev.conifer.simulator.topology.TopologyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** Shared helpers: test resources (the repository's topologies/ and scenarios/) and configs. */
public final class SimTestSupport {
  private SimTestSupport() {}

  /** Threads for runs on several: daemons, so a failed test cannot keep the JVM up. */
  static final ThreadFactory THREADS =
      runnable -> {
        Thread thread = new Thread(runnable, "sim-test-worker");
        thread.setDaemon(true);
        return thread;
      };

  static Path resource(String name) {
    try {
      return Path.of(SimTestSupport.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  public static Topology topology(String file) {
    try {
      return TopologyLoader.load(resource("topologies/" + file), TopologyLoader.Format.AUTO);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<ScenarioCommand> scenario(String file) {
    try {
      return ScenarioLoader.load(resource("scenarios/" + file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SimulationConfig config(Topology topology, String label, long seed, long durationS) {
    return SimulationConfig.defaults(topology, label)
        .withSeed(seed)
        .withDuration(durationS * Durations.SECOND_NS)
        .withProbes(20, Durations.SECOND_NS);
  }

  static String reproduce(long seed) {
    return "reproduce: -Dsim.seed=" + seed;
  }
}
