package dev.conifer.sync.reconcile;

import dev.conifer.sync.wire.SyncFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Runs two reconcilers against each other in memory, counting rounds and bytes. */
final class ReconcileHarness {
  record Item(long ts, byte[] id) {
    String hex() {
      return HexFormat.of().formatHex(id);
    }
  }

  record Result(Set<String> learnedByA, Set<String> learnedByB, int roundTrips, long bytes) {}

  static List<Item> randomItems(Random random, int count, long tsBase, long tsSpread) {
    List<Item> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      out.add(new Item(tsBase + (long) (random.nextDouble() * tsSpread), id));
    }
    return out;
  }

  static ItemSet set(List<Item> items) {
    ItemSet.Builder b = ItemSet.builder();
    for (Item item : items) {
      b.add(item.ts(), item.id());
    }
    return b.build();
  }

  /** Reconciles A (initiator) with B and returns what each learned it must receive. */
  static Result run(ItemSet a, ItemSet b, ReconcileConfig config, long salt)
      throws SyncFormatException {
    RangeReconciler ra = new RangeReconciler(a, config, salt, true);
    RangeReconciler rb = new RangeReconciler(b, config, salt, false);
    Set<String> toB = new HashSet<>();
    Set<String> toA = new HashSet<>();
    long bytes = 0;
    int roundTrips = 0;
    byte[] msg = ra.initiate();
    while (msg != null) {
      if (roundTrips > 64) {
        throw new AssertionError("reconciliation did not finish in 64 round trips");
      }
      assertBounded(msg, config);
      bytes += msg.length;
      roundTrips++;
      byte[] reply = rb.handle(msg);
      rb.drainPushIndexes().forEach(i -> toA.add(HexFormat.of().formatHex(b.id(i))));
      assertBounded(reply, config);
      bytes += reply.length;
      msg = ra.handle(reply);
      ra.drainPushIndexes().forEach(i -> toB.add(HexFormat.of().formatHex(a.id(i))));
    }
    return new Result(toA, toB, roundTrips, bytes);
  }

  private static void assertBounded(byte[] msg, ReconcileConfig config) {
    if (msg.length > config.messageLengthMax()) {
      throw new AssertionError("message of " + msg.length + " bytes exceeds the limit");
    }
  }
}
