package dev.conifer.bench.route;

import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.IndexedNextHop;
import dev.conifer.snek.route.ReferenceNextHop;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Watermark;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One SNEK traffic next-hop lookup (§8.1) at 64 peers and 10,000 snake routes: the plain reference
 * walk against the indexed lookup, on the same state, towards destinations spread over the routes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NextHopBenchmark {
  @Param({"64"})
  int peers;

  @Param({"10000"})
  int routes;

  private SyntheticRoutingState state;
  private PublicKey[] destinations;
  private int next;

  @Setup
  public void setUp() {
    state = new SyntheticRoutingState(peers, 8, routes, 42);
    destinations = new PublicKey[1024];
    for (int i = 0; i < destinations.length; i++) {
      destinations[i] = state.routeKeys[(int) ((i * 7919L) % routes)];
    }
  }

  private PublicKey nextDestination() {
    next = (next + 1) & (destinations.length - 1);
    return destinations[next];
  }

  @Benchmark
  public Hop reference() {
    return ReferenceNextHop.snek(state, nextDestination(), false, Watermark.NONE);
  }

  @Benchmark
  public Hop indexed() {
    return IndexedNextHop.snek(
        state, state.index, state.table, nextDestination(), false, Watermark.NONE);
  }
}
