package dev.conifer.session;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.router.spi.Link;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
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

  public Sessions sessions(Router router, int n, SessionConfig config) {
    Sessions sessions = Sessions.start(router, signer(n), config);
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
    MemoryLink ab = new MemoryLink();
    MemoryLink ba = new MemoryLink();
    ab.remote = ba;
    ba.remote = ab;
    ab.bind(a.attach(new PeerInfo(b.publicKey(), PeerType.PIPE, "", "mem:b"), ab));
    ba.bind(b.attach(new PeerInfo(a.publicKey(), PeerType.PIPE, "", "mem:a"), ba));
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

  /** One end of an in-memory link; frames written before the far end attached are held. */
  private static final class MemoryLink implements Link {
    private MemoryLink remote;
    private PeerHandle handle;
    private final List<byte[]> early = new ArrayList<>();
    private boolean closed;

    private void bind(PeerHandle peerHandle) {
      List<byte[]> held;
      synchronized (this) {
        handle = peerHandle;
        held = new ArrayList<>(early);
        early.clear();
      }
      for (byte[] frame : held) {
        peerHandle.onFrame(ByteBuffer.wrap(frame));
      }
    }

    private void receive(byte[] frame) {
      PeerHandle target;
      synchronized (this) {
        if (closed) {
          return;
        }
        if (handle == null) {
          early.add(frame);
          return;
        }
        target = handle;
      }
      target.onFrame(ByteBuffer.wrap(frame));
    }

    @Override
    public boolean isWritable() {
      return true;
    }

    @Override
    public void write(byte[] frame) {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      remote.receive(frame);
    }

    @Override
    public void flush() {}

    @Override
    public void close(String reason) {
      shut(reason);
      remote.shut("remote closed: " + reason);
    }

    private void shut(String reason) {
      PeerHandle target;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        target = handle;
      }
      if (target != null) {
        target.onClosed(reason);
      }
    }
  }
}
