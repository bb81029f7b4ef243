package dev.conifer.snek;

/**
 * Tunables of one SNEK node. Defaults are Go Pinecone's constants (PROTOCOL.md §14) plus Conifer's
 * bounds. Validated at construction.
 *
 * @param hopLimiting drop traffic whose hop limit runs out (§8.5); Go's default is off
 * @param portCountMax highest link port number accepted (Go: 253)
 * @param routeCountMax bound on snake routing-table entries; bootstraps beyond it are dropped
 * @param coordsCacheCountMax bound on the destination coordinates cache
 * @param broadcastsEnabled originate wakeup broadcasts every {@code broadcastIntervalNs}
 * @param timerJitterNs periodic timers (broadcasts) are spread by up to this much, so a network
 *     started at once does not fire every node's storm in the same instant
 * @param bootstrapPerPeerPerSecondMax bootstraps processed per peer per second; extras are dropped.
 *     A path's refresh through the port it already came through is not counted ({@link
 *     #PATH_REFRESH_MIN_GAP_NS})
 * @param broadcastPerPeerPerSecondMax wakeup broadcasts processed per peer per second
 * @param nearestDelivery deliver traffic whose payload carries the {@link RendezvousTag} at the
 *     node nearest to its destination key, instead of dropping it as misdelivered (ROUTING.md)
 */
public record SnekConfig(
    boolean hopLimiting,
    int portCountMax,
    int routeCountMax,
    int coordsCacheCountMax,
    boolean broadcastsEnabled,
    long timerJitterNs,
    int bootstrapPerPeerPerSecondMax,
    int broadcastPerPeerPerSecondMax,
    boolean nearestDelivery) {

  public static final long SECOND_NS = 1_000_000_000L;
  public static final long MAINTAIN_INTERVAL_NS = SECOND_NS;
  public static final long BOOTSTRAP_INTERVAL_NS = 5 * SECOND_NS;

  /**
   * What an entry outlives two bootstrap intervals by (Go: nothing). An origin bootstraps exactly
   * every 5 s, so with exactly 10 s, one refresh that ends elsewhere (snake paths change from cycle
   * to cycle) followed by one on a path a few milliseconds slower leaves the entry expired until
   * that one arrives: seen at 9,204 nodes, where a node held its descending neighbour's entry 35 ms
   * too briefly (docs/SIMULATOR.md). Two seconds: one would cover that, but the slack is also what
   * lets a path one refresh has missed take new frames for Go's whole 10 s and still carry them to
   * its end ({@link #ROUTE_ADOPT_MARGIN_NS}). Local only: the wire is unchanged.
   */
  public static final long ROUTE_EXPIRY_SLACK_NS = 2 * SECOND_NS;

  /**
   * How long a snake routing-table entry lives without a refresh: two bootstrap intervals, as in
   * Go, plus {@link #ROUTE_EXPIRY_SLACK_NS}.
   */
  public static final long ROUTE_EXPIRY_NS = 2 * BOOTSTRAP_INTERVAL_NS + ROUTE_EXPIRY_SLACK_NS;

  /**
   * A frame takes a snake route it is not already following only while the route is younger than
   * {@link #ROUTE_EXPIRY_NS} minus this: 10 s, Go's whole lifetime of an entry. Entries along a
   * path expire in the order the bootstrap laid them, nearest the origin first, which is the
   * direction traffic goes; without the margin a frame that picks up a route in its last moment
   * meets an expired one further on and is dropped (for a watermark, or no route), after
   * convergence too (docs/SIMULATOR.md). So it must exceed the bootstrap's transit out plus the
   * frame's transit back: with 1 s, a probe that took a 9.85 s old route in {@code ba:10000:3}
   * found the route expired more than 120 hops on (the bootstrap had taken 0.65 s to get there).
   * And adoption must last until a missed path's next refresh is due: with 8 s, such a path was
   * shunned, and frames for keys it alone leads to were sent to a node that could only send them
   * back (9,204 nodes, docs/SIMULATOR.md). Local only: the wire is unchanged.
   */
  public static final long ROUTE_ADOPT_MARGIN_NS = 2 * SECOND_NS;

  /**
   * How long the descending neighbour stays without a fresh bootstrap from it: three bootstrap
   * intervals, where Go uses two (the table's entries live two and {@link #ROUTE_EXPIRY_SLACK_NS}).
   * With two, one bootstrap that ends elsewhere and a next one on a slower path clear it
   * (docs/SIMULATOR.md).
   */
  public static final long DESCENDING_EXPIRY_NS = 3 * BOOTSTRAP_INTERVAL_NS;

  /**
   * The least time between two refreshes of one path that both skip the per-peer bootstrap limit
   * ({@link #bootstrapPerPeerPerSecondMax}); an origin bootstraps every 5 s, or at its next 1 s
   * tick when its descending neighbour changes, so half a second never holds back an honest one.
   */
  public static final long PATH_REFRESH_MIN_GAP_NS = SECOND_NS / 2;

  public static final long REPARENT_WAIT_NS = SECOND_NS;
  public static final long ROOT_ANNOUNCE_INTERVAL_NS = 30 * 60 * SECOND_NS;
  public static final long ANNOUNCEMENT_TIMEOUT_NS = 45 * 60 * SECOND_NS;
  public static final long COORDS_CACHE_LIFETIME_NS = 60 * SECOND_NS;
  public static final long BROADCAST_INTERVAL_NS = 60 * SECOND_NS;
  public static final long BROADCAST_FILTER_NS = 30 * SECOND_NS;
  public static final long BROADCAST_SEEN_EXPIRY_NS = 180 * SECOND_NS;

  public SnekConfig {
    if (portCountMax < 1 || portCountMax > 1 << 20) {
      throw new IllegalArgumentException("portCountMax must be in 1..1048576: " + portCountMax);
    }
    if (routeCountMax < 1) {
      throw new IllegalArgumentException("routeCountMax must be positive: " + routeCountMax);
    }
    if (coordsCacheCountMax < 1) {
      throw new IllegalArgumentException("coordsCacheCountMax must be positive");
    }
    if (timerJitterNs < 0) {
      throw new IllegalArgumentException("timerJitterNs must not be negative");
    }
    if (bootstrapPerPeerPerSecondMax < 1 || broadcastPerPeerPerSecondMax < 1) {
      throw new IllegalArgumentException("per-peer rate limits must be positive");
    }
  }

  public static SnekConfig defaults() {
    return new SnekConfig(false, 4096, 65_536, 65_536, true, 5 * SECOND_NS, 64, 64, true);
  }

  public SnekConfig withHopLimiting(boolean on) {
    return new SnekConfig(
        on,
        portCountMax,
        routeCountMax,
        coordsCacheCountMax,
        broadcastsEnabled,
        timerJitterNs,
        bootstrapPerPeerPerSecondMax,
        broadcastPerPeerPerSecondMax,
        nearestDelivery);
  }

  public SnekConfig withBroadcasts(boolean on) {
    return new SnekConfig(
        hopLimiting,
        portCountMax,
        routeCountMax,
        coordsCacheCountMax,
        on,
        timerJitterNs,
        bootstrapPerPeerPerSecondMax,
        broadcastPerPeerPerSecondMax,
        nearestDelivery);
  }

  public SnekConfig withPortCountMax(int max) {
    return new SnekConfig(
        hopLimiting,
        max,
        routeCountMax,
        coordsCacheCountMax,
        broadcastsEnabled,
        timerJitterNs,
        bootstrapPerPeerPerSecondMax,
        broadcastPerPeerPerSecondMax,
        nearestDelivery);
  }

  public SnekConfig withRouteCountMax(int max) {
    return new SnekConfig(
        hopLimiting,
        portCountMax,
        max,
        coordsCacheCountMax,
        broadcastsEnabled,
        timerJitterNs,
        bootstrapPerPeerPerSecondMax,
        broadcastPerPeerPerSecondMax,
        nearestDelivery);
  }

  public SnekConfig withNearestDelivery(boolean on) {
    return new SnekConfig(
        hopLimiting,
        portCountMax,
        routeCountMax,
        coordsCacheCountMax,
        broadcastsEnabled,
        timerJitterNs,
        bootstrapPerPeerPerSecondMax,
        broadcastPerPeerPerSecondMax,
        on);
  }
}
