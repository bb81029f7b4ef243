package dev.conifer.router;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@link RouterLoopbackTest} case again, with each router hosted on a one-thread executor of
 * its own (as the daemon hosts it on its links' event loop) instead of a router thread.
 */
class HostedRouterLoopbackTest extends RouterLoopbackTest {
  private final List<SingleThreadRouterExecutor> executors = new ArrayList<>();

  @Override
  Router start(int n, RouterConfig config) {
    SingleThreadRouterExecutor executor = new SingleThreadRouterExecutor("hosted-router-" + n);
    executors.add(executor);
    return Router.start(
        config,
        RouterCoreTest.signer(n),
        System::nanoTime,
        System::currentTimeMillis,
        new SimpleMeterRegistry(),
        n,
        executor);
  }

  @Override
  void afterRoutersClosed() {
    executors.forEach(SingleThreadRouterExecutor::close);
  }
}
