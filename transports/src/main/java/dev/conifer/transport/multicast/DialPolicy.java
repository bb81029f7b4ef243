package dev.conifer.transport.multicast;

import dev.conifer.snek.wire.PublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Decides, without I/O, whether a beacon leads to a dial (PROTOCOL.md §11, plus rate limits): not
 * our own key; not a key already peered in that zone; not a target ({@code ip:port%zone}) already
 * being dialed; not a target that failed within its backoff (doubling from {@code retryBaseNs} up
 * to {@code retryMaxNs}); and at most {@code pendingDialCountMax} dials at once. Single-threaded.
 */
public final class DialPolicy {
  /** What to do with a beacon. */
  public enum Decision {
    DIAL,
    OWN_KEY,
    CONNECTED,
    DIALING,
    BACKING_OFF,
    TOO_MANY_DIALS
  }

  private final PublicKey localKey;
  private final long retryBaseNs;
  private final long retryMaxNs;
  private final int pendingDialCountMax;
  private final Map<String, Integer> connected = new HashMap<>(); // key hex + "%" + zone -> count
  private final Set<String> dialing = new HashSet<>();
  private final Map<String, long[]> failures = new HashMap<>(); // target -> {retryAtNs, delayNs}

  public DialPolicy(
      PublicKey localKey, long retryBaseNs, long retryMaxNs, int pendingDialCountMax) {
    if (retryBaseNs <= 0 || retryMaxNs < retryBaseNs || pendingDialCountMax <= 0) {
      throw new IllegalArgumentException("invalid dial policy limits");
    }
    this.localKey = localKey;
    this.retryBaseNs = retryBaseNs;
    this.retryMaxNs = retryMaxNs;
    this.pendingDialCountMax = pendingDialCountMax;
  }

  private static String peer(PublicKey key, String zone) {
    return key.toHex() + "%" + zone;
  }

  /**
   * Decides; on {@link Decision#DIAL} the target counts as being dialed until {@link #dialEnded}.
   */
  public Decision handleBeacon(long nowNs, PublicKey key, String zone, String target) {
    if (key.equals(localKey)) {
      return Decision.OWN_KEY;
    }
    if (connected.containsKey(peer(key, zone))) {
      return Decision.CONNECTED;
    }
    if (dialing.contains(target)) {
      return Decision.DIALING;
    }
    long[] failure = failures.get(target);
    if (failure != null && nowNs - failure[0] < 0) {
      return Decision.BACKING_OFF;
    }
    if (dialing.size() >= pendingDialCountMax) {
      return Decision.TOO_MANY_DIALS;
    }
    dialing.add(target);
    return Decision.DIAL;
  }

  /** A dial finished; a failure makes the target wait, doubling each time. */
  public void dialEnded(long nowNs, String target, boolean success) {
    dialing.remove(target);
    if (success) {
      failures.remove(target);
      return;
    }
    long[] failure = failures.get(target);
    long delayNs = failure == null ? retryBaseNs : Math.min(retryMaxNs, failure[1] * 2);
    failures.put(target, new long[] {nowNs + delayNs, delayNs});
  }

  /** A peering with {@code key} in {@code zone} came up (dialed or accepted). */
  public void peerUp(PublicKey key, String zone) {
    connected.merge(peer(key, zone), 1, Integer::sum);
  }

  public void peerDown(PublicKey key, String zone) {
    connected.computeIfPresent(peer(key, zone), (k, n) -> n > 1 ? n - 1 : null);
  }

  /** Forgets failures whose backoff has passed, so the map stays bounded by live targets. */
  public void expire(long nowNs) {
    Iterator<long[]> it = failures.values().iterator();
    while (it.hasNext()) {
      long[] failure = it.next();
      if (nowNs - failure[0] >= retryMaxNs) {
        it.remove();
      }
    }
  }

  public int pendingDialCount() {
    return dialing.size();
  }
}
