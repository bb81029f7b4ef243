package dev.conifer.session;

import dev.conifer.router.MemoryLink;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Routers linked in memory (no sockets), and sessions on them; closes everything it made. */
public final class TestOverlay implements AutoCloseable {
  private final List<AutoCloseable> owned = new ArrayList<>();

  public static Signer signer(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return Ed25519.signerFromSeed(seed);
  }

  public Router router(int n) {
    Router router =
        Router.start(
            RouterConfig.defaults(),
            signer(n),
            System::nanoTime,
            System::currentTimeMillis,
            new SimpleMeterRegistry(),
            n);
    owned.add(router);
    return router;
  }

  /** Tests may read the real clock; sessions get it, and a SecureRandom, as the node gives them. */
  public static final Clock CLOCK = Clock.systemUTC();

  public Sessions sessions(Router router, int n, SessionConfig config) {
    Sessions sessions = Sessions.start(router, signer(n), config, CLOCK, new SecureRandom());
    owned.add(0, sessions); // Sessions close before their router.
    return sessions;
  }

  /** Routers {@code 1..count} in a line: 1 - 2 - ... - count. */
  public List<Router> chain(int first, int count) {
    List<Router> routers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      routers.add(router(first + i));
      if (i > 0) {
        link(routers.get(i - 1), routers.get(i));
      }
    }
    return routers;
  }

  /** Links two routers in memory in both directions. */
  public static void link(Router a, Router b) {
    MemoryLink.connect(a, b);
  }

  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        // Best effort: the next one must still close.
      }
    }
    owned.clear();
  }
}
