package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.link.SessionSyncService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Automatic sync: drives a {@link PartnerScheduler} on an executor. The node feeds it peer up/down
 * events from the router; due partners are synced with {@code syncer} (normally {@link
 * SessionSyncService#syncAll}) off the caller's thread, and failures back off.
 */
public final class SyncAgent implements AutoCloseable {
  private final PartnerScheduler scheduler;
  private final Predicate<PublicKey> syncer;
  private final ScheduledExecutorService executor;
  private final LongSupplier nanoClock;
  private ScheduledFuture<?> wakeup;
  private boolean closed;

  public SyncAgent(
      PartnerScheduler scheduler,
      Predicate<PublicKey> syncer,
      ScheduledExecutorService executor,
      LongSupplier nanoClock) {
    this.scheduler = scheduler;
    this.syncer = syncer;
    this.executor = executor;
    this.nanoClock = nanoClock;
  }

  public synchronized void addPartner(PublicKey key) {
    scheduler.addPartner(key);
  }

  public synchronized void peerUp(PublicKey key) {
    scheduler.handlePeerUp(nanoClock.getAsLong(), key);
    drive();
  }

  /** A local write: partners that are up sync now. */
  public synchronized void localWrite() {
    scheduler.handleLocalWrite(nanoClock.getAsLong());
    drive();
  }

  /** A peer that is not a partner came up: partners behind it may be reachable now. */
  public synchronized void networkChanged() {
    scheduler.handleNetworkChange(nanoClock.getAsLong());
    drive();
  }

  public synchronized void peerDown(PublicKey key) {
    scheduler.handlePeerDown(nanoClock.getAsLong(), key);
    drive();
  }

  private synchronized void drive() {
    if (closed) {
      return;
    }
    long now = nanoClock.getAsLong();
    PublicKey due;
    while ((due = scheduler.pollDue(now)) != null) {
      PublicKey key = due;
      executor.execute(() -> runSync(key));
    }
    long deadline = scheduler.pollDeadlineNs();
    if (wakeup != null) {
      wakeup.cancel(false);
      wakeup = null;
    }
    if (deadline != PartnerScheduler.NO_DEADLINE) {
      wakeup = executor.schedule(this::drive, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
    }
  }

  private void runSync(PublicKey key) {
    boolean ok;
    try {
      ok = syncer.test(key);
    } catch (RuntimeException e) {
      ok = false;
    }
    synchronized (this) {
      scheduler.handleSyncResult(nanoClock.getAsLong(), key, ok);
      drive();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (wakeup != null) {
      wakeup.cancel(false);
    }
  }
}
