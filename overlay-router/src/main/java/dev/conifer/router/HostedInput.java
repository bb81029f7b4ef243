package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The inputs of a router hosted on the links' event loop: a call on that thread goes straight into
 * the core (no ring slot, no copy, no wake-up), borrowing the caller's buffer; a call from any
 * other thread, or while the core is already on the stack (a receiver that sends, a link closed
 * while being written), goes to the ring.
 */
final class HostedInput implements RouterInput {
  private final HostedRouterLoop loop;
  private final RouterCore core;
  private final RingInput ring;

  HostedInput(HostedRouterLoop loop, RouterCore core, RingInput ring) {
    this.loop = loop;
    this.core = core;
    this.ring = ring;
  }

  @Override
  public boolean attach(long nowNs, int port, long generation, PeerInfo info, Link link) {
    long timeNs = loop.enterInline(nowNs);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.attach(nowNs, port, generation, info, link);
    }
    try {
      core.attach(timeNs, port, generation, info, link);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }

  @Override
  public boolean frame(long nowNs, int port, long generation, ByteBuffer frame) {
    long timeNs = loop.enterInline(nowNs);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.frame(nowNs, port, generation, frame);
    }
    try {
      core.frame(timeNs, port, generation, frame);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }

  @Override
  public boolean writable(long nowNs, int port, long generation) {
    long timeNs = loop.enterInline(nowNs);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.writable(nowNs, port, generation);
    }
    try {
      core.writable(timeNs, port, generation);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }

  @Override
  public boolean closed(long nowNs, int port, long generation, String reason) {
    long timeNs = loop.enterInline(nowNs);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.closed(nowNs, port, generation, reason);
    }
    try {
      core.closed(timeNs, port, generation, reason);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }

  /** True once taken, as through the ring: routing failures are counted, not returned. */
  @Override
  public boolean send(long nowNs, PublicKey destination, ByteBuffer payload) {
    long timeNs = loop.enterInline(nowNs);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.send(nowNs, destination, payload);
    }
    try {
      core.send(timeNs, destination, payload);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }

  /** A snapshot, completed before return on the loop's thread, else through the ring. */
  boolean status(CompletableFuture<RouterStatus> future) {
    long timeNs = loop.enterInline(RouterInput.NOW);
    if (timeNs == HostedRouterLoop.NO_TIME) {
      return ring.status(future);
    }
    try {
      future.complete(core.status());
    } catch (RuntimeException | AssertionError e) {
      future.completeExceptionally(e);
    } finally {
      loop.exitInline();
    }
    return true;
  }
}
