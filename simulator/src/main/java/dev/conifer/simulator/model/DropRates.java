package dev.conifer.simulator.model;

import dev.conifer.snek.wire.FrameType;

/**
 * An adversary's drop percentages, as in Pinecone's ConfigureAdversary* commands: one overall rate
 * and one per frame type, each 0..100.
 */
public record DropRates(
    int overall,
    int keepalive,
    int treeAnnouncement,
    int bootstrap,
    int wakeupBroadcast,
    int overlayTraffic) {
  public static final DropRates NONE = new DropRates(0, 0, 0, 0, 0, 0);

  public DropRates {
    for (int rate :
        new int[] {
          overall, keepalive, treeAnnouncement, bootstrap, wakeupBroadcast, overlayTraffic
        }) {
      if (rate < 0 || rate > 100) {
        throw new IllegalArgumentException("drop rate must be 0..100, got " + rate);
      }
    }
  }

  public int forType(FrameType type) {
    return switch (type) {
      case KEEPALIVE -> keepalive;
      case TREE_ANNOUNCEMENT -> treeAnnouncement;
      case BOOTSTRAP -> bootstrap;
      case WAKEUP_BROADCAST -> wakeupBroadcast;
      case TRAFFIC -> overlayTraffic;
    };
  }

  /**
   * Pinecone's deterministic rule (PROTOCOL.md §13.3): for X%, with g = gcd(X, 100), drop the first
   * X/g of every 100/g frames. {@code count} is the 1-based index of this frame.
   */
  public static boolean drops(int ratePercent, long count) {
    if (ratePercent <= 0) {
      return false;
    }
    if (ratePercent >= 100) {
      return true;
    }
    int g = gcd(ratePercent, 100);
    long period = 100 / g;
    return (count - 1) % period < ratePercent / g;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
