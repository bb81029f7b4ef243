package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
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

  /** {@code sync ns interest NS [PREFIX...]}: none means every key. */
  public static String interest(SyncNode node, String ns, List<String> prefixes) {
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
    node.directory().setInterest(namespace, bytes);
    return prefixes.isEmpty()
        ? "interested in every key of " + ns
        : "interested in keys of " + ns + " under " + String.join(", ", prefixes);
  }

  /** The prefixes this node wants of {@code namespace} (empty: every key). */
  public static List<String> interestOf(SyncNode node, PublicKey namespace) {
    List<String> out = new ArrayList<>();
    for (byte[] p : node.directory().interest(namespace).prefixes()) {
      out.add(new String(p, StandardCharsets.UTF_8));
    }
    return out;
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
          .append(node.isPublished(ns.namespace()) ? "\tpublished" : "")
          .append('\n');
    }
    return out.toString();
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
