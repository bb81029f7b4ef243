package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.GroupRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which holder fetches which groups (sans-I/O; time is an argument). Holders pull units of missing
 * groups, so fast holders naturally take more. When nothing unassigned is left, an idle holder
 * steals: it duplicates the still-missing part of the unit that has been in flight the longest at
 * another holder, and whichever copy arrives first is kept. A holder that sent a bad group is
 * banned for this blob; one with too many transport failures is dropped.
 */
public final class FetchScheduler {
  private record InFlight(GroupRanges unit, long sinceNs) {}

  private final long groupCount;
  private final long unitGroups;
  private final int failuresMax;
  private GroupRanges present;
  private final int depth;
  private final Map<PublicKey, List<InFlight>> inFlight = new LinkedHashMap<>();

  /**
   * Units whose response has been read but whose groups are still being checked and stored: not
   * free (nobody else should fetch them), not stolen, and no longer counted against the holder's
   * depth, so it can request the next unit meanwhile.
   */
  private final Map<PublicKey, List<InFlight>> landing = new LinkedHashMap<>();

  private final Map<PublicKey, Integer> failures = new LinkedHashMap<>();
  private final List<PublicKey> banned = new ArrayList<>();
  private long stealCount;

  /**
   * @param depth units one holder may have requested at once (pipelining)
   */
  public FetchScheduler(
      long groupCount, GroupRanges present, long unitGroups, int failuresMax, int depth) {
    this.depth = depth;
    this.groupCount = groupCount;
    this.present = present;
    this.unitGroups = unitGroups;
    this.failuresMax = failuresMax;
  }

  public synchronized GroupRanges missing() {
    return GroupRanges.of(0, groupCount).subtract(present);
  }

  public synchronized boolean isComplete() {
    return missing().isEmpty();
  }

  public synchronized boolean usable(PublicKey holder) {
    return !banned.contains(holder) && failures.getOrDefault(holder, 0) < failuresMax;
  }

  /** The next groups for {@code holder} to request, or EMPTY when it should wait or stop. */
  public synchronized GroupRanges nextUnit(PublicKey holder, long nowNs) {
    List<InFlight> mine = inFlight.computeIfAbsent(holder, k -> new ArrayList<>());
    if (!usable(holder) || mine.size() >= depth) {
      return GroupRanges.EMPTY;
    }
    GroupRanges missing = missing();
    GroupRanges free = missing;
    for (List<InFlight> units : inFlight.values()) {
      for (InFlight f : units) {
        free = free.subtract(f.unit());
      }
    }
    for (List<InFlight> units : landing.values()) {
      for (InFlight f : units) {
        free = free.subtract(f.unit());
      }
    }
    GroupRanges unit = free.take(unitGroups);
    if (unit.isEmpty() && mine.isEmpty()) {
      unit = steal(holder, missing);
    }
    if (!unit.isEmpty()) {
      mine.add(new InFlight(unit, nowNs));
    }
    return unit;
  }

  private GroupRanges steal(PublicKey thief, GroupRanges missing) {
    InFlight oldest = null;
    for (Map.Entry<PublicKey, List<InFlight>> e : inFlight.entrySet()) {
      if (e.getKey().equals(thief)) {
        continue;
      }
      for (InFlight f : e.getValue()) {
        if (!f.unit().intersect(missing).isEmpty()
            && (oldest == null || f.sinceNs() < oldest.sinceNs())) {
          oldest = f;
        }
      }
    }
    if (oldest == null) {
      return GroupRanges.EMPTY;
    }
    stealCount++;
    return oldest.unit().intersect(missing);
  }

  public synchronized void handleGroupStored(long group) {
    present = present.union(GroupRanges.of(group, group + 1));
  }

  /**
   * The whole response for {@code unit} has been read; its groups are still being checked and
   * stored. The holder may request another unit in its place; {@link #handleUnitEnded} follows.
   */
  public synchronized void handleUnitReceived(PublicKey holder, GroupRanges unit) {
    List<InFlight> mine = inFlight.get(holder);
    if (mine == null) {
      return;
    }
    for (int i = 0; i < mine.size(); i++) {
      if (mine.get(i).unit().equals(unit)) {
        landing.computeIfAbsent(holder, k -> new ArrayList<>()).add(mine.remove(i));
        return;
      }
    }
  }

  /** The holder's request for {@code unit} ended; whatever of it is missing is free again. */
  public synchronized void handleUnitEnded(PublicKey holder, GroupRanges unit) {
    if (!removeUnit(inFlight.get(holder), unit)) {
      removeUnit(landing.get(holder), unit);
    }
  }

  private static boolean removeUnit(List<InFlight> units, GroupRanges unit) {
    if (units != null) {
      for (int i = 0; i < units.size(); i++) {
        if (units.get(i).unit().equals(unit)) {
          units.remove(i);
          return true;
        }
      }
    }
    return false;
  }

  public synchronized void handleTransportFailure(PublicKey holder) {
    inFlight.remove(holder);
    landing.remove(holder);
    failures.merge(holder, 1, Integer::sum);
  }

  /** The holder sent data or a proof that does not match: never ask it for this blob again. */
  public synchronized void handleVerificationFailure(PublicKey holder) {
    inFlight.remove(holder);
    landing.remove(holder);
    if (!banned.contains(holder)) {
      banned.add(holder);
    }
  }

  public synchronized List<PublicKey> banned() {
    return List.copyOf(banned);
  }

  public synchronized long stealCount() {
    return stealCount;
  }

  /** Whether some holder is still working or usable. */
  public synchronized boolean anyUsable(List<PublicKey> holders) {
    for (PublicKey h : holders) {
      if (usable(h)) {
        return true;
      }
    }
    return false;
  }
}
