package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.ConflictRule;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Revocations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Applies a revocation to what is already stored, so that the state does not depend on whether an
 * entry signed under a revoked grant arrived before the revocation (stored) or after it (refused by
 * validation). Such entries dated at or after the revocation are deleted, and each key they touched
 * is decided again among the entries left: current = the entries no other one dominates, exactly as
 * if the revoked entries had never arrived. Runs inside the revocation's insert transaction.
 */
final class RevocationPurge {
  private RevocationPurge() {}

  /**
   * Deletes {@code ns}'s entries that {@code target} (revoked at {@code revokedAtUs}) invalidates;
   * {@code indexChange} is told of every entry that joins (true) or leaves (false) the current set.
   * Returns how many entries were deleted.
   */
  static int apply(
      Connection c,
      PublicKey ns,
      String target,
      long revokedAtUs,
      BiConsumer<Entry, Boolean> indexChange)
      throws SQLException {
    Revocations one = new Revocations(Map.of(target, revokedAtUs));
    List<Entry> revoked = new ArrayList<>();
    List<Boolean> wasCurrent = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT encoded, state FROM entries WHERE ns=?")) {
      s.setBytes(1, ns.toBytes());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Entry e = EntryRows.decodeStored(r.getBytes(1));
          if (!e.author().equals(ns)
              && e.grant() != null
              && one.revokedAtUs(e.grant()) <= e.timestampUs()) {
            revoked.add(e);
            wasCurrent.add(r.getInt(2) == EntryRows.CURRENT);
          }
        }
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < revoked.size(); i++) {
      Entry e = revoked.get(i);
      try (PreparedStatement d = c.prepareStatement("DELETE FROM entries WHERE id=?")) {
        d.setBytes(1, e.id());
        d.executeUpdate();
      }
      if (wasCurrent.get(i)) {
        indexChange.accept(e, false);
        release(c, e);
        keys.add(e.keyString());
      }
    }
    for (String key : keys) {
      decideAgain(c, ns, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), indexChange);
    }
    for (int i = 0; i < revoked.size(); i++) {
      EntryRows.bump(c, "revokedPurged");
    }
    return revoked.size();
  }

  /** Current = undominated among the key's stored entries; rows whose state changes are updated. */
  private static void decideAgain(
      Connection c, PublicKey ns, byte[] key, BiConsumer<Entry, Boolean> indexChange)
      throws SQLException {
    List<Entry> all = new ArrayList<>();
    List<Integer> states = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT encoded, state FROM entries WHERE ns=? AND k=?")) {
      s.setBytes(1, ns.toBytes());
      s.setBytes(2, key);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(EntryRows.decodeStored(r.getBytes(1)));
          states.add(r.getInt(2));
        }
      }
    }
    for (int i = 0; i < all.size(); i++) {
      Entry e = all.get(i);
      Entry dominator = ConflictRule.dominator(all, e);
      boolean current = dominator == null;
      if (current && states.get(i) != EntryRows.CURRENT) {
        try (PreparedStatement u =
            c.prepareStatement("UPDATE entries SET state=0, beaten_by=NULL WHERE id=?")) {
          u.setBytes(1, e.id());
          u.executeUpdate();
        }
        indexChange.accept(e, true);
        if (e.contentLength() > 0) {
          EntryRows.pinChange(c, e.contentHash(), true);
        }
      } else if (!current && states.get(i) == EntryRows.CURRENT) {
        EntryRows.supersede(c, e, dominator);
        indexChange.accept(e, false);
        release(c, e);
      }
    }
  }

  private static void release(Connection c, Entry e) throws SQLException {
    if (e.contentLength() > 0 && !EntryRows.contentReferenced(c, e.contentHash())) {
      EntryRows.pinChange(c, e.contentHash(), false);
    }
  }
}
