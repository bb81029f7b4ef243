package dev.conifer.simulator.model;

import dev.conifer.snek.wire.FrameType;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames an adversary node drops on receipt (PROTOCOL.md §13.3). Counters run per sending peer,
 * overall and per frame type; a frame is dropped if either counter says so. Rates set for one peer
 * replace the defaults for that peer.
 */
public final class AdversaryFilter {
  private DropRates defaults = DropRates.NONE;
  private final Map<String, DropRates> perPeer = new HashMap<>();
  private final Map<String, long[]> counters = new HashMap<>();
  private long droppedCount;

  public void configureDefaults(DropRates rates) {
    defaults = rates;
  }

  public void configurePeer(String peerName, DropRates rates) {
    perPeer.put(peerName, rates);
  }

  /** Counts one frame from {@code peerName} and says whether to drop it. */
  public boolean drop(String peerName, FrameType type) {
    DropRates rates = perPeer.getOrDefault(peerName, defaults);
    long[] count = counters.computeIfAbsent(peerName, k -> new long[1 + FrameType.values().length]);
    long overall = ++count[0];
    long typed = ++count[1 + type.code()];
    boolean drop =
        DropRates.drops(rates.overall(), overall) || DropRates.drops(rates.forType(type), typed);
    if (drop) {
      droppedCount++;
    }
    return drop;
  }

  public long droppedCount() {
    return droppedCount;
  }
}
