package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.TimeBound;
import dev.conifer.sync.wire.SyncFormatException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Durable local facts beside the entries: namespaces we host, grants we hold, sync partners. */
public final class SyncDirectory {
  /** When content of synced entries is fetched: right after sync, or on first read. */
  public enum ContentPolicy {
    EAGER,
    LAZY
  }

  /** A namespace hosted here; {@code seed} is present only where the namespace key lives. */
  public record NamespaceInfo(
      PublicKey namespace, String name, byte[] seed, ContentPolicy policy) {}

  /** A sync partner and the outcome of the last sync with it. */
  public record Partner(
      PublicKey key, String label, long lastSyncEpochMs, String lastResult, long entriesMoved) {}

  private final SyncDatabase db;

  public SyncDirectory(SyncDatabase db) {
    this.db = db;
  }

  public void putNamespace(NamespaceInfo info) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO namespaces(ns, name, seed, policy) VALUES(?,?,?,?) ON CONFLICT(ns) DO"
                      + " UPDATE SET name=excluded.name, seed=COALESCE(excluded.seed, seed),"
                      + " policy=excluded.policy")) {
            s.setBytes(1, info.namespace().toBytes());
            s.setString(2, info.name());
            s.setBytes(3, info.seed());
            s.setString(4, info.policy().name());
            s.executeUpdate();
          }
          return null;
        });
  }

  public List<NamespaceInfo> namespaces() {
    return db.transaction(
        c -> {
          List<NamespaceInfo> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT ns, name, seed, policy FROM namespaces ORDER BY name");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(
                  new NamespaceInfo(
                      PublicKey.of(r.getBytes(1)),
                      r.getString(2),
                      r.getBytes(3),
                      ContentPolicy.valueOf(r.getString(4))));
            }
          }
          return out;
        });
  }

  /** Finds a namespace by its name or full hex key; null if unknown. */
  public NamespaceInfo namespace(String nameOrHex) {
    for (NamespaceInfo info : namespaces()) {
      if (info.name().equals(nameOrHex) || info.namespace().toHex().equalsIgnoreCase(nameOrHex)) {
        return info;
      }
    }
    return null;
  }

  public NamespaceInfo namespace(PublicKey ns) {
    return namespace(ns.toHex());
  }

  public void putGrant(Grant grant) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO grants(ns, grantee, mode, encoded) VALUES(?,?,?,?)")) {
            s.setBytes(1, grant.namespace().toBytes());
            s.setBytes(2, grant.grantee().toBytes());
            s.setInt(3, grant.mode().ordinal());
            s.setBytes(4, grant.encode());
            s.executeUpdate();
          }
          return null;
        });
  }

  /**
   * A grant held for {@code grantee} on {@code ns} that allows {@code mode} (a write grant allows
   * reading too), or null.
   */
  public Grant grant(PublicKey ns, PublicKey grantee, Grant.Mode mode) {
    Grant exact = storedGrant(ns, grantee, mode);
    return exact != null || mode == Grant.Mode.WRITE
        ? exact
        : storedGrant(ns, grantee, Grant.Mode.WRITE);
  }

  private Grant storedGrant(PublicKey ns, PublicKey grantee, Grant.Mode mode) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT encoded FROM grants WHERE ns=? AND grantee=? AND mode=?")) {
            s.setBytes(1, ns.toBytes());
            s.setBytes(2, grantee.toBytes());
            s.setInt(3, mode.ordinal());
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return null;
              }
              try {
                return Grant.decode(r.getBytes(1));
              } catch (SyncFormatException e) {
                throw new IllegalStateException("stored grant does not decode", e);
              }
            }
          }
        });
  }

  /** Replaces the key prefixes this node wants of {@code ns} (empty: every key), any time. */
  public void setInterest(PublicKey ns, List<byte[]> prefixes) {
    setInterest(ns, prefixes, null, null);
  }

  /**
   * Replaces what this node wants of {@code ns}: key prefixes (empty: every key) and entries dated
   * from {@code since} (inclusive) to {@code until} (exclusive); a null bound is open.
   */
  public void setInterest(PublicKey ns, List<byte[]> prefixes, TimeBound since, TimeBound until) {
    new Interest(ns, prefixes, 0, Long.MAX_VALUE); // checks the bounds
    db.transaction(
        c -> {
          try (PreparedStatement t =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO interest_times(ns, since, until) VALUES(?,?,?)")) {
            t.setBytes(1, ns.toBytes());
            t.setString(2, since == null ? null : since.encode());
            t.setString(3, until == null ? null : until.encode());
            t.executeUpdate();
          }
          try (PreparedStatement d = c.prepareStatement("DELETE FROM interests WHERE ns=?")) {
            d.setBytes(1, ns.toBytes());
            d.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement("INSERT OR IGNORE INTO interests(ns, prefix) VALUES(?,?)")) {
            for (byte[] prefix : prefixes) {
              s.setBytes(1, ns.toBytes());
              s.setBytes(2, prefix);
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  /**
   * What this node wants of {@code ns} at wall-clock time {@code nowEpochUs}: its prefixes (every
   * key if none were set) in its time range, rolling bounds resolved against {@code nowEpochUs}.
   */
  public Interest interest(PublicKey ns, long nowEpochUs) {
    TimeBound[] range = timeRange(ns);
    long from = range[0] == null ? 0 : range[0].resolve(nowEpochUs);
    long to = range[1] == null ? Long.MAX_VALUE : range[1].resolve(nowEpochUs);
    Interest keys = interest(ns);
    return to <= from ? Interest.none(ns) : new Interest(ns, keys.prefixes(), from, to);
  }

  /** The time range set for {@code ns}: {since, until}, each null when open. */
  public TimeBound[] timeRange(PublicKey ns) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT since, until FROM interest_times WHERE ns=?")) {
            s.setBytes(1, ns.toBytes());
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return new TimeBound[2];
              }
              return new TimeBound[] {
                TimeBound.decode(r.getString(1)), TimeBound.decode(r.getString(2))
              };
            }
          }
        });
  }

  /** The key prefixes this node wants of {@code ns} (every key if none), at any time. */
  public Interest interest(PublicKey ns) {
    List<byte[]> prefixes =
        db.transaction(
            c -> {
              List<byte[]> out = new ArrayList<>();
              try (PreparedStatement s =
                  c.prepareStatement("SELECT prefix FROM interests WHERE ns=? ORDER BY prefix")) {
                s.setBytes(1, ns.toBytes());
                try (ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    out.add(r.getBytes(1));
                  }
                }
              }
              return out;
            });
    return new Interest(ns, prefixes, 0, Long.MAX_VALUE);
  }

  /** Marks {@code ns} as served by the web doorway, or not. */
  public void setPublished(PublicKey ns, boolean published) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  published
                      ? "INSERT OR IGNORE INTO published(ns) VALUES(?)"
                      : "DELETE FROM published WHERE ns=?")) {
            s.setBytes(1, ns.toBytes());
            s.executeUpdate();
          }
          return null;
        });
  }

  public boolean isPublished(PublicKey ns) {
    return db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM published WHERE ns=?")) {
            s.setBytes(1, ns.toBytes());
            try (ResultSet r = s.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  /**
   * Counts a ticket refused by {@code sync ns join} under its reason, in the database, so that a
   * refusal by the CLI without a running node is counted too.
   */
  public void countTicketRefused(String reason) {
    db.transaction(
        c -> {
          EntryRows.bump(c, TICKETS_REFUSED + reason);
          return null;
        });
  }

  /** Tickets refused so far, by reason. */
  public java.util.Map<String, Long> ticketsRefused() {
    return db.transaction(
        c -> {
          java.util.Map<String, Long> out = new java.util.TreeMap<>();
          try (PreparedStatement s =
              c.prepareStatement("SELECT name, value FROM counters WHERE name LIKE ?")) {
            s.setString(1, TICKETS_REFUSED + "%");
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.put(r.getString(1).substring(TICKETS_REFUSED.length()), r.getLong(2));
              }
            }
          }
          return out;
        });
  }

  private static final String TICKETS_REFUSED = "ticketsRefused.";

  /** True if {@code key} is a sync partner. */
  public boolean isPartner(PublicKey key) {
    return partners().stream().anyMatch(p -> p.key().equals(key));
  }

  public void putPartner(PublicKey key, String label) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO partners(pk, label, last_sync_ms, last_result, entries_moved)"
                      + " VALUES(?,?,0,'never',0) ON CONFLICT(pk) DO UPDATE SET label=excluded.label")) {
            s.setBytes(1, key.toBytes());
            s.setString(2, label);
            s.executeUpdate();
          }
          return null;
        });
  }

  public void recordSync(PublicKey key, long epochMs, String result, long entriesMoved) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE partners SET last_sync_ms=?, last_result=?, entries_moved=entries_moved+?"
                      + " WHERE pk=?")) {
            s.setLong(1, epochMs);
            s.setString(2, result);
            s.setLong(3, entriesMoved);
            s.setBytes(4, key.toBytes());
            s.executeUpdate();
          }
          return null;
        });
  }

  public List<Partner> partners() {
    return db.transaction(
        c -> {
          List<Partner> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT pk, label, last_sync_ms, last_result, entries_moved FROM partners"
                          + " ORDER BY label");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(
                  new Partner(
                      PublicKey.of(r.getBytes(1)),
                      r.getString(2),
                      r.getLong(3),
                      r.getString(4),
                      r.getLong(5)));
            }
          }
          return out;
        });
  }
}
