package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.entry.TimeBound;
import dev.conifer.sync.store.SyncDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text behind {@code conifer sync ns share|join|interest|publish|ls}, like {@link
 * SyncCommands}: user mistakes throw {@link IllegalArgumentException} naming the input.
 */
public final class NamespaceCommands {
  private NamespaceCommands() {}

  /**
   * {@code sync ns share NS [--write] [--expires D]}: the ticket string. {@code expiresInSec} 0
   * means never; {@code seed} is 32 fresh random bytes.
   */
  public static String share(
      SyncNode node,
      String ns,
      boolean write,
      long expiresInSec,
      long nowEpochSec,
      byte[] seed,
      List<URI> hints) {
    PublicKey namespace = SyncCommands.namespace(node, ns);
    long expires = expiresInSec <= 0 ? Grant.NEVER : nowEpochSec + expiresInSec;
    Grant.Mode mode = write ? Grant.Mode.WRITE : Grant.Mode.READ;
    return NamespaceSharing.share(node, namespace, mode, expires, seed, hints).encode();
  }

  /** {@code sync ns join TICKET [--name N] [--lazy]}. */
  public static NamespaceSharing.Joined join(
      SyncNode node, String ticket, String name, boolean lazy, long nowEpochSec) {
    return NamespaceSharing.join(
        node,
        ticket,
        name,
        lazy ? SyncDirectory.ContentPolicy.LAZY : SyncDirectory.ContentPolicy.EAGER,
        nowEpochSec);
  }

  /** What {@code sync ns join} prints. */
  public static String joinedText(NamespaceSharing.Joined joined) {
    long expires = joined.grant().expiresEpochSec();
    return "joined namespace "
        + joined.namespace().name()
        + " "
        + joined.namespace().namespace().toHex()
        + " ("
        + joined.grant().mode().name().toLowerCase(java.util.Locale.ROOT)
        + (expires == Grant.NEVER ? "" : ", until " + Instant.ofEpochSecond(expires))
        + "); syncing with "
        + joined.sharer().toHex();
  }

  /** {@code sync ns interest NS [PREFIX...]}: none means every key, at any time. */
  public static String interest(SyncNode node, String ns, List<String> prefixes) {
    return interest(node, ns, prefixes, null, null);
  }

  /**
   * {@code sync ns interest NS [PREFIX...] [--since T] [--until T]}: no prefix means every key, a
   * null bound an open end. Replaces the previous interest in {@code ns}.
   */
  public static String interest(
      SyncNode node, String ns, List<String> prefixes, TimeBound since, TimeBound until) {
    long now = node.nowEpochUs();
    if (since != null && until != null && since.resolve(now) >= until.resolve(now)) {
      throw new IllegalArgumentException(
          "--since " + since.describe() + " is not before --until " + until.describe());
    }
    PublicKey namespace = SyncCommands.namespace(node, ns);
    List<byte[]> bytes = new ArrayList<>();
    for (String p : prefixes) {
      if (p.isEmpty() || p.getBytes(StandardCharsets.UTF_8).length > Entry.KEY_LENGTH_MAX) {
        throw new IllegalArgumentException(
            "prefix must be 1.." + Entry.KEY_LENGTH_MAX + " bytes: '" + p + "'");
      }
      bytes.add(p.getBytes(StandardCharsets.UTF_8));
    }
    if (bytes.size() > Interest.PREFIX_COUNT_MAX) {
      throw new IllegalArgumentException("at most " + Interest.PREFIX_COUNT_MAX + " prefixes");
    }
    node.directory().setInterest(namespace, bytes, since, until);
    return (prefixes.isEmpty()
            ? "interested in every key of " + ns
            : "interested in keys of " + ns + " under " + String.join(", ", prefixes))
        + timeText(node, namespace);
  }

  /** The time range of {@code namespace}'s interest for people, or "" when there is none. */
  public static String timeText(SyncNode node, PublicKey namespace) {
    TimeBound[] range = node.directory().timeRange(namespace);
    if (range[0] == null && range[1] == null) {
      return "";
    }
    return (range[0] == null ? "" : " since " + range[0].describe())
        + (range[1] == null ? "" : " until " + range[1].describe());
  }

  /** The prefixes this node wants of {@code namespace} (empty: every key). */
  public static List<String> interestOf(SyncNode node, PublicKey namespace) {
    List<String> out = new ArrayList<>();
    for (byte[] p : node.directory().interest(namespace).prefixes()) {
      out.add(new String(p, StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * {@code sync ns revoke NS (GRANT-ID|KEY | --ticket TICKET)}: writes a revocation signed by the
   * namespace key under {@link Revocations#PREFIX}. Replicas learn it by ordinary sync and then
   * refuse sessions presenting the grant (or a grant passed on from it, or a grant to the key), and
   * entries signed under it dated from the revocation on. Only the owner may revoke.
   */
  public static String revoke(SyncNode node, String ns, String target, String ticket) {
    PublicKey namespace = SyncCommands.namespace(node, ns);
    String hex;
    String what;
    if (ticket != null) {
      NamespaceTicket t = NamespaceTicket.decode(ticket.strip(), 0);
      if (!t.namespace().equals(namespace)) {
        throw new IllegalArgumentException("this ticket is for another namespace, not " + ns);
      }
      hex = Revocations.grantId(t.grant());
      what = "the ticket's grant " + hex;
    } else {
      hex = target == null ? "" : target.strip().toLowerCase(java.util.Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "give a grant id or a node key as 64 hex digits, or --ticket TICKET: '" + target + "'");
      }
      what = "grant or key " + hex;
    }
    SyncDirectory.NamespaceInfo info = node.directory().namespace(namespace);
    if (info.seed() == null) {
      throw new IllegalStateException(
          "only the owner of " + ns + " (the node that created it) can revoke in it");
    }
    byte[] note = ("revoked " + hex).getBytes(StandardCharsets.UTF_8);
    Entry e = node.write(namespace, Revocations.key(hex), note, Entry.Kind.VALUE);
    return "revoked "
        + what
        + " in "
        + ns
        + " (entry "
        + e.idHex().substring(0, 16)
        + "): replicas refuse it, and grants passed on from it, once they sync this";
  }

  /** {@code sync ns publish NS [--off]}. */
  public static String publish(SyncNode node, String ns, boolean published) {
    PublicKey namespace = SyncCommands.namespace(node, ns);
    node.directory().setPublished(namespace, published);
    return (published ? "published " : "unpublished ") + ns + " (web doorway)";
  }

  /** {@code sync ns ls}: name, key, role, content policy, interest, published. */
  public static String ls(SyncNode node) {
    StringBuilder out = new StringBuilder();
    for (SyncDirectory.NamespaceInfo ns : node.directory().namespaces()) {
      List<String> interest = interestOf(node, ns.namespace());
      out.append(ns.name())
          .append('\t')
          .append(ns.namespace().toHex())
          .append('\t')
          .append(role(node, ns))
          .append('\t')
          .append(ns.policy().name().toLowerCase(java.util.Locale.ROOT))
          .append('\t')
          .append(interest.isEmpty() ? "all keys" : String.join(",", interest))
          .append(timeText(node, ns.namespace()))
          .append(node.isPublished(ns.namespace()) ? "\tpublished" : "")
          .append(revokedText(node.revocations(ns.namespace())))
          .append('\n');
    }
    return out.toString();
  }

  private static String revokedText(Revocations revocations) {
    return revocations.size() == 0 ? "" : "\trevoked " + revocations.size();
  }

  /** owner, write or read: what this node may do in {@code ns}. */
  public static String role(SyncNode node, SyncDirectory.NamespaceInfo ns) {
    if (ns.seed() != null) {
      return "owner";
    }
    return node.directory().grant(ns.namespace(), node.nodeKey(), Grant.Mode.WRITE) != null
        ? "write"
        : "read";
  }
}
