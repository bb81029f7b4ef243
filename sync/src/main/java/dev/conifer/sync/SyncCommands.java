package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
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

  /** {@code conifer sync put NS KEY (VALUE|--file F)}. */
  public static String put(SyncNode node, String ns, String key, byte[] value, boolean mergeable) {
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > Entry.KEY_LENGTH_MAX) {
      throw new IllegalArgumentException("key must be 1.." + Entry.KEY_LENGTH_MAX + " bytes");
    }
    Entry e = node.put(namespace(node, ns), key, value, mergeable);
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

  /**
   * {@code conifer sync get NS KEY}: the value bytes, or an error if absent. Missing content is
   * fetched from {@code holders}, or from the sync partners if that list is empty.
   */
  public static byte[] get(SyncNode node, String ns, String key, List<PublicKey> holders) {
    List<PublicKey> from = holders;
    if (from.isEmpty()) {
      from = node.directory().partners().stream().map(SyncDirectory.Partner::key).toList();
    }
    byte[] value = node.get(namespace(node, ns), key, from);
    if (value == null) {
      throw new IllegalArgumentException("no value for " + key + " in " + ns);
    }
    return value;
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
    Entry winner = current.get(current.size() - 1);
    if (winner.mergeable() && current.size() > 1) {
      out.append("  merged document: ")
          .append(current.size())
          .append(" Automerge change sets, all kept and merged (no edit is lost)\n");
      for (Entry e : current) {
        out.append("    part ").append(describe(e)).append('\n');
      }
    } else {
      out.append("  current: ").append(describe(winner)).append('\n');
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
    out.append(
            "  rule: newest timestamp wins, then the greater author key, then the greater"
                + " entry id; audit keeps ")
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
        .append('\n');
    out.append("counters:");
    for (Map.Entry<String, Long> c : node.counters().snapshot().entrySet()) {
      out.append(' ').append(c.getKey()).append('=').append(c.getValue());
    }
    return out.append('\n').toString();
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
