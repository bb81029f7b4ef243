package dev.conifer.transport.testing;

import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.TransportLoops;
import dev.conifer.transport.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

/** A router with its transports for loopback tests, on its own thread or hosted on its loops. */
public final class TestRouters {
  private TestRouters() {}

  /** A started router and its transports. */
  public record Started(Router router, Transports transports) {}

  /**
   * Starts both; {@code hosted} runs the router on the links' event loop, as the daemon does.
   * Everything is added to {@code resources} in an order that closes correctly from last to first.
   */
  public static Started start(
      Signer signer, long seed, boolean hosted, List<AutoCloseable> resources) {
    TransportLoops loops = hosted ? TransportLoops.create(TransportConfig.defaults()) : null;
    if (loops != null) {
      resources.add(loops); // closed last
    }
    Router router =
        Router.start(
            RouterConfig.defaults(),
            signer,
            System::nanoTime,
            System::currentTimeMillis,
            new SimpleMeterRegistry(),
            seed,
            loops == null ? null : loops.routerExecutor());
    resources.add(router);
    Transports transports =
        loops == null
            ? new Transports(router, signer, TransportConfig.defaults(), TestClocks.REAL)
            : new Transports(router, signer, TransportConfig.defaults(), TestClocks.REAL, loops);
    resources.add(transports);
    return new Started(router, transports);
  }
}
