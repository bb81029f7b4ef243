package dev.conifer.sync;

import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.wire.ByteReader;
import dev.conifer.sync.wire.ByteWriter;
import dev.conifer.sync.wire.SyncFormatException;
import dev.conifer.sync.wire.SyncMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the {@code conifer-sync/1} frames a {@link SyncSession} writes and reads besides
 * RECONCILE: ENTRIES batches (and which received entries may be stored), and read grants in HELLO
 * and WELCOME.
 */
final class SessionFrames {
  /** Per entry in an ENTRIES frame beyond its bytes: its length prefix, at most. */
  private static final int ENTRY_OVERHEAD = 3;

  private SessionFrames() {}

  /** {@code encoded} cut into batches whose ENTRIES frames are at most {@code lengthMax} long. */
  static List<List<byte[]>> batches(List<byte[]> encoded, int lengthMax) {
    List<List<byte[]>> batches = new ArrayList<>();
    List<byte[]> batch = new ArrayList<>();
    int batchLength = 0;
    for (byte[] e : encoded) {
      if (!batch.isEmpty() && batchLength + e.length + ENTRY_OVERHEAD > lengthMax) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchLength = 0;
      }
      batch.add(e);
      batchLength += e.length + ENTRY_OVERHEAD;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /** One ENTRIES message carrying {@code batch}. */
  static byte[] entries(List<byte[]> batch) {
    ByteWriter w = new ByteWriter().u8(SyncMessages.ENTRIES).varint(batch.size());
    for (byte[] e : batch) {
      w.blob(e);
    }
    return w.toArray();
  }

  /**
   * The entries of a received ENTRIES frame that may be stored: well-formed, inside {@code
   * interest}, and valid now. Each refused one is counted; one dated in the future but otherwise
   * valid is held until its time comes.
   */
  static List<Entry> acceptable(ByteReader in, SyncContext ctx, Interest interest, long nowEpochUs)
      throws SyncFormatException {
    int n = in.count(SyncMessages.FRAME_LENGTH_MAX / 100);
    List<Entry> valid = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] bytes = in.blob(Entry.ENCODED_LENGTH_MAX);
      Entry entry;
      try {
        entry = Entry.decode(bytes);
      } catch (SyncFormatException e) {
        ctx.counters().malformed.incrementAndGet();
        continue;
      }
      if (!interest.matches(entry)) {
        ctx.counters().outsideInterest.incrementAndGet();
        continue;
      }
      EntryValidator.Verdict verdict = ctx.validator().check(entry, nowEpochUs);
      if (verdict != EntryValidator.Verdict.OK) {
        ctx.counters().countRejected(verdict);
        if (verdict == EntryValidator.Verdict.FUTURE_TIMESTAMP
            && ctx.validator().check(entry, entry.timestampUs()) == EntryValidator.Verdict.OK
            && ctx.deferred().defer(entry, nowEpochUs)) {
          ctx.counters().futureDeferred.incrementAndGet();
        }
        continue;
      }
      valid.add(entry);
    }
    return valid;
  }

  static void writeGrant(ByteWriter w, Grant grant) {
    if (grant == null) {
      w.u8(0);
    } else if (grant.legacy()) {
      w.u8(1).bytes(grant.encode());
    } else {
      w.u8(2).blob(grant.encode());
    }
  }

  static Grant readGrant(ByteReader in) throws SyncFormatException {
    int present = in.u8();
    return switch (present) {
      case 0 -> null;
      case 1 -> Grant.decodeLegacy(java.nio.ByteBuffer.wrap(in.bytes(Grant.LEGACY_LENGTH)));
      case 2 -> Grant.decode(in.blob(Grant.ENCODED_LENGTH_MAX));
      default -> throw new SyncFormatException("grant tag unknown: " + present);
    };
  }
}
