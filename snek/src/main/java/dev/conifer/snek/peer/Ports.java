package dev.conifer.snek.peer;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.route.AncestorIndex;
import dev.conifer.snek.route.PortChangeLog;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.PublicKey;
import java.util.Arrays;

/**
 * Per-port peer state in arrays indexed by port number (port 0 is this node). Arrays grow on demand
 * up to the configured maximum, so a node with few peers stays small.
 */
public final class Ports {
  private final int portCountMax;
  private PublicKey[] keys = new PublicKey[8];
  private PeerType[] types = new PeerType[8];
  private PeerAnnouncement[] announcements = new PeerAnnouncement[8];
  private long[] rateWindowStartNs = new long[8];
  private int[] bootstrapCounts = new int[8];
  private int[] broadcastCounts = new int[8];
  private final AncestorIndex index = new AncestorIndex();
  private final PortChangeLog changes = new PortChangeLog();
  private int limit; // highest port ever started; loops run 1..limit
  private int startedCount;

  public Ports(int portCountMax) {
    this.portCountMax = portCountMax;
  }

  public boolean isValidPort(int port) {
    return port >= 1 && port <= portCountMax;
  }

  public void start(int port, PublicKey key, PeerType type) {
    ensureCapacity(port);
    if (keys[port] == null) {
      startedCount++;
    }
    keys[port] = key;
    types[port] = type;
    announcements[port] = null;
    rateWindowStartNs[port] = Long.MIN_VALUE;
    limit = Math.max(limit, port);
    changes.keepAtLeast(limit);
    changes.changed(port);
  }

  public void stop(int port) {
    if (!isStarted(port)) {
      return;
    }
    index.replace(port, keys[port], announcements[port], null);
    keys[port] = null;
    types[port] = null;
    announcements[port] = null;
    startedCount--;
    while (limit > 0 && keys[limit] == null) {
      limit--;
    }
    changes.changed(port);
  }

  public boolean isStarted(int port) {
    return port >= 1 && port <= limit && keys[port] != null;
  }

  public int limit() {
    return limit;
  }

  public int startedCount() {
    return startedCount;
  }

  public PublicKey key(int port) {
    return port >= 1 && port <= limit ? keys[port] : null;
  }

  public PeerType type(int port) {
    return types[port];
  }

  public PeerAnnouncement announcement(int port) {
    return port >= 1 && port <= limit ? announcements[port] : null;
  }

  public void announcement(int port, PeerAnnouncement a) {
    index.replace(port, keys[port], announcements[port], a);
    announcements[port] = a;
    changes.changed(port);
  }

  public AncestorIndex index() {
    return index;
  }

  /** Which ports' state (started, type, announcement) changed lately, in order. */
  public PortChangeLog changes() {
    return changes;
  }

  /** True if any started port other than {@code except} with this key has an announcement. */
  public boolean anyAnnouncementFrom(PublicKey key, int except) {
    for (int port = 1; port <= limit; port++) {
      if (port != except && key.equals(keys[port]) && announcements[port] != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts one bootstrap ({@code bootstrap} true) or broadcast from {@code port} in the current
   * one-second window; false once the window's budget is spent.
   */
  public boolean tryAcquire(int port, boolean bootstrap, long nowNs, int perSecondMax) {
    if (nowNs - rateWindowStartNs[port] >= SnekConfig.SECOND_NS
        || rateWindowStartNs[port] == Long.MIN_VALUE) {
      rateWindowStartNs[port] = nowNs;
      bootstrapCounts[port] = 0;
      broadcastCounts[port] = 0;
    }
    int[] counts = bootstrap ? bootstrapCounts : broadcastCounts;
    return ++counts[port] <= perSecondMax;
  }

  private void ensureCapacity(int port) {
    if (port < keys.length) {
      return;
    }
    int size = Math.min(Math.max(port + 1, 2 * keys.length), portCountMax + 1);
    keys = Arrays.copyOf(keys, size);
    types = Arrays.copyOf(types, size);
    announcements = Arrays.copyOf(announcements, size);
    rateWindowStartNs = Arrays.copyOf(rateWindowStartNs, size);
    bootstrapCounts = Arrays.copyOf(bootstrapCounts, size);
    broadcastCounts = Arrays.copyOf(broadcastCounts, size);
  }
}
