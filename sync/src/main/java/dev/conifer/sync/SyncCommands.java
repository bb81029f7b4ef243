package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.ConflictRule;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.JsonDocuments;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The text behind {@code conifer sync ...}: each method does one subcommand against a {@link
 * SyncNode} and returns what to print. User mistakes throw {@link IllegalArgumentException} with a
 * message naming the bad input (the CLI prints it and exits non-zero).
 */
public final class SyncCommands {
  private SyncCommands() {}

  /** {@code conifer sync ns create NAME}: {@code seed} is 32 fresh random bytes. */
  public static String nsCreate(SyncNode node, String name, byte[] seed, boolean lazy) {
    if (node.directory().namespace(name) != null) {
      throw new IllegalArgumentException("namespace already exists: " + name);
    }
    SyncDirectory.NamespaceInfo info =
        node.createNamespace(
            name,
            seed,
            lazy ? SyncDirectory.ContentPolicy.LAZY : SyncDirectory.ContentPolicy.EAGER);
    return "created namespace "
        + name
        + " "
        + info.namespace().toHex()
        + " ("
        + info.policy()
        + " content)";
  }

  /** Resolves a namespace given by name or 64-hex key. */
  public static PublicKey namespace(SyncNode node, String nameOrHex) {
    SyncDirectory.NamespaceInfo info = node.directory().namespace(nameOrHex);
    if (info == null) {
      throw new IllegalArgumentException(
          "unknown namespace: "
              + nameOrHex
              + " (create it with 'conifer sync ns create' or join it with a grant)");
    }
    return info.namespace();
  }

  /**
   * {@code conifer sync put NS KEY (VALUE|--file F) [--merge]}: with {@code mergeable}, the value
   * is a JSON object whose fields are set in the key's Automerge document.
   */
  public static String put(SyncNode node, String ns, String key, byte[] value, boolean mergeable) {
    checkKey(key);
    PublicKey namespace = namespace(node, ns);
    if (mergeable) {
      var fields = JsonDocuments.parseObject(new String(value, StandardCharsets.UTF_8));
      Entry e = node.putDocument(namespace, key, fields, partners(node));
      return "merged "
          + fields.size()
          + " fields into document "
          + key
          + " ("
          + (e.kind() == Entry.Kind.SNAPSHOT ? "compacted into a snapshot" : "new part")
          + ", entry "
          + e.idHex().substring(0, 16)
          + ")";
    }
    Entry e = node.put(namespace, key, value, false);
    return "put "
        + key
        + " ("
        + value.length
        + " bytes, content "
        + hex(e.contentHash())
        + ", entry "
        + e.idHex().substring(0, 16)
        + ")";
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > Entry.KEY_LENGTH_MAX) {
      throw new IllegalArgumentException("key must be 1.." + Entry.KEY_LENGTH_MAX + " bytes");
    }
    if (Revocations.isReserved(key.getBytes(StandardCharsets.UTF_8))) {
      throw new IllegalArgumentException(
          "keys under "
              + Revocations.RESERVED_PREFIX
              + " are reserved (revocations: 'sync ns revoke'): "
              + key);
    }
  }

  private static List<PublicKey> partners(SyncNode node) {
    return node.directory().partners().stream().map(SyncDirectory.Partner::key).toList();
  }

  /**
   * {@code conifer sync get NS KEY}: the value bytes, or an error if absent. Missing content is
   * fetched from {@code holders}, or from the sync partners if that list is empty.
   */
  public static byte[] get(SyncNode node, String ns, String key, List<PublicKey> holders) {
    return get(node, ns, key, holders, false);
  }

  /**
   * {@code conifer sync get NS KEY [--raw]}: a document prints as JSON unless {@code raw} (then its
   * merged Automerge bytes); a plain value prints as its bytes.
   */
  public static byte[] get(
      SyncNode node, String ns, String key, List<PublicKey> holders, boolean raw) {
    List<PublicKey> from = holders.isEmpty() ? partners(node) : holders;
    PublicKey namespace = namespace(node, ns);
    if (!raw) {
      String json = node.documentJson(namespace, key, from);
      if (json != null) {
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
      }
    }
    byte[] value = node.get(namespace, key, from);
    if (value == null) {
      List<Entry> current = node.store().current(namespace, key.getBytes(StandardCharsets.UTF_8));
      boolean deleted = !current.isEmpty() && current.get(current.size() - 1).tombstone();
      throw new IllegalArgumentException(
          "no value for " + key + " in " + ns + (deleted ? " (deleted; see 'sync why')" : ""));
    }
    return value;
  }

  /** {@code conifer sync rm NS KEY}: writes a tombstone. */
  public static String rm(SyncNode node, String ns, String key) {
    checkKey(key);
    Entry t = node.remove(namespace(node, ns), key);
    if (t == null) {
      throw new IllegalArgumentException("no value for " + key + " in " + ns + " to delete");
    }
    return "deleted " + key + " (tombstone entry " + t.idHex().substring(0, 16) + ")";
  }

  /** {@code conifer sync rm NS --prefix P}: a tombstone for every live key under P. */
  public static String rmPrefix(SyncNode node, String ns, String prefix) {
    List<Entry> tombstones = node.removePrefix(namespace(node, ns), prefix, 100_000);
    StringBuilder out =
        new StringBuilder("deleted ")
            .append(tombstones.size())
            .append(" keys under '")
            .append(prefix)
            .append("'\n");
    for (Entry t : tombstones) {
      out.append("  ").append(t.keyString()).append('\n');
    }
    return out.toString();
  }

  /** {@code conifer sync ls NS [PREFIX]}. */
  public static String ls(SyncNode node, String ns, String prefix) {
    StringBuilder out = new StringBuilder();
    for (Entry e : node.list(namespace(node, ns), prefix, 10_000)) {
      out.append(e.keyString())
          .append('\t')
          .append(e.contentLength())
          .append(" B\t")
          .append(Instant.ofEpochMilli(e.timestampUs() / 1000))
          .append('\t')
          .append(e.author().shortHex())
          .append(e.mergeable() ? "\tmergeable" : "")
          .append('\n');
    }
    return out.toString();
  }

  /** {@code conifer sync why NS KEY}: the decision for a key and what it beat. */
  public static String why(SyncNode node, PublicKey ns, String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    List<Entry> current = node.store().current(ns, k);
    StringBuilder out =
        new StringBuilder("key ").append(key).append(" in ").append(ns.shortHex()).append('\n');
    if (current.isEmpty()) {
      return out.append("  no entry\n").toString();
    }
    for (Entry e : current) {
      out.append("  ").append(currentLabel(e, current)).append(describe(e)).append('\n');
    }
    List<EntryStore.Superseded> lost = node.store().superseded(ns, k);
    if (lost.isEmpty()) {
      out.append("  no conflict: nothing was superseded\n");
    }
    for (EntryStore.Superseded s : lost) {
      out.append("  beat ").append(describe(s.entry()));
      if (s.beatenBy() != null) {
        out.append("\n    because ")
            .append(ConflictRule.reason(s.beatenBy(), s.entry()))
            .append(" (winner ")
            .append(s.beatenBy().idHex(), 0, 12)
            .append(")");
      }
      out.append('\n');
    }
    int revoked = node.revocations(ns).size();
    if (revoked > 0) {
      out.append("  revocations in force in this namespace: ")
          .append(revoked)
          .append(
              " (sync ns ls); entries signed under a revoked grant from its revocation on are"
                  + " refused or dropped, never current\n");
    }
    out.append(
            "  rule: a value or tombstone replaces every older entry (newest timestamp, then the"
                + " greater author key, then the greater entry id); a snapshot replaces older"
                + " document parts; parts newer than both merge; audit keeps ")
        .append(node.config().auditCountMax())
        .append(" superseded entries per key\n");
    return out.toString();
  }

  /** {@code conifer sync partners add KEYHEX [LABEL]}. */
  public static String partnersAdd(SyncNode node, String keyHex, String label) {
    PublicKey key;
    try {
      key = PublicKey.fromHex(keyHex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad partner key: " + e.getMessage());
    }
    node.directory().putPartner(key, label == null ? key.shortHex() : label);
    return "added sync partner " + (label == null ? "" : label + " ") + key.toHex();
  }

  /** {@code conifer sync status}: partners and last sync, pending entries, conflicts decided. */
  public static String status(SyncNode node) {
    StringBuilder out = new StringBuilder("node ").append(node.nodeKey().toHex()).append('\n');
    out.append("namespaces:\n");
    for (SyncDirectory.NamespaceInfo ns : node.directory().namespaces()) {
      out.append("  ")
          .append(ns.name())
          .append(' ')
          .append(ns.namespace().shortHex())
          .append(ns.seed() != null ? " (owner)" : "")
          .append(' ')
          .append(node.store().currentCount(ns.namespace()))
          .append(" entries, content ")
          .append(ns.policy())
          .append('\n');
    }
    out.append("partners:\n");
    for (SyncDirectory.Partner p : node.directory().partners()) {
      out.append("  ")
          .append(p.label())
          .append(' ')
          .append(p.key().shortHex())
          .append(" last sync ")
          .append(p.lastSyncEpochMs() == 0 ? "never" : Instant.ofEpochMilli(p.lastSyncEpochMs()))
          .append(" (")
          .append(p.lastResult())
          .append("), pending ")
          .append(node.store().localWritesSince(p.lastSyncEpochMs()))
          .append(" local entries\n");
    }
    out.append("conflicts decided: ")
        .append(node.store().conflictsDecided())
        .append(" (newest wins), document edits merged: ")
        .append(node.store().documentsMerged())
        .append(", content released to the blob store's cache: ")
        .append(node.store().contentReleased())
        .append(", entries dropped by revocations: ")
        .append(node.store().revokedPurged())
        .append('\n');
    out.append("counters:");
    for (Map.Entry<String, Long> c : node.counters().snapshot().entrySet()) {
      out.append(' ').append(c.getKey()).append('=').append(c.getValue());
    }
    for (Map.Entry<String, Long> c : node.directory().ticketsRefused().entrySet()) {
      out.append(" ticketsRefused.").append(c.getKey()).append('=').append(c.getValue());
    }
    return out.append('\n').toString();
  }

  private static String currentLabel(Entry e, List<Entry> current) {
    long parts = current.stream().filter(Entry::mergeable).count();
    return switch (e.kind()) {
      case TOMBSTONE ->
          parts > 0
              ? "deleted, then edited again as a document: tombstone "
              : "deleted by tombstone ";
      case VALUE -> parts > 0 ? "replaced by the document parts below: value " : "current: ";
      case SNAPSHOT -> "document snapshot (compacted parts) ";
      case PART ->
          parts > 1 ? "document part (merged with " + (parts - 1) + " others) " : "document ";
    };
  }

  private static String describe(Entry e) {
    return "entry "
        + e.idHex().substring(0, 12)
        + " by "
        + e.author().shortHex()
        + " at "
        + Instant.ofEpochMilli(e.timestampUs() / 1000)
        + " ("
        + e.timestampUs()
        + " µs), "
        + e.contentLength()
        + " B content "
        + hex(e.contentHash()).substring(0, 12);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
