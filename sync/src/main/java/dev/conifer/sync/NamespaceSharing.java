package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.store.SyncDirectory;
import java.net.URI;
import java.util.List;

/**
 * Sharing a namespace with a ticket and joining one ({@code sync ns share|join}). The sharer passes
 * on what it holds: the namespace key's authority, or its own write (or read) grant. A read ticket
 * carries a read grant; a write ticket needs write authority here.
 */
public final class NamespaceSharing {
  private NamespaceSharing() {}

  /** What joining did: the namespace, the sharer to sync with, and where it may listen. */
  public record Joined(
      SyncDirectory.NamespaceInfo namespace, Grant grant, PublicKey sharer, List<URI> hints) {}

  /**
   * A ticket for {@code namespace}: {@code ticketSeed} is 32 fresh random bytes, {@code hints} the
   * URIs this node listens on.
   */
  public static NamespaceTicket share(
      SyncNode node,
      PublicKey namespace,
      Grant.Mode mode,
      long expiresEpochSec,
      byte[] ticketSeed,
      List<URI> hints) {
    SyncDirectory.NamespaceInfo info = node.directory().namespace(namespace);
    if (info == null) {
      throw new IllegalArgumentException("unknown namespace " + namespace.toHex());
    }
    PublicKey ticketKey = Ed25519.signerFromSeed(ticketSeed).publicKey();
    Grant grant;
    if (info.seed() != null) {
      grant = Grant.issue(node.namespaceSigner(namespace), ticketKey, mode, expiresEpochSec);
    } else {
      Grant held = node.directory().grant(namespace, node.nodeKey(), mode);
      if (held == null) {
        throw new IllegalStateException(
            "this node may not share "
                + info.name()
                + " for "
                + mode.name().toLowerCase(java.util.Locale.ROOT)
                + "ing: it holds no such grant (share with --read, or ask for a write ticket)");
      }
      if (held.legacy()) {
        throw new IllegalStateException(
            "this node's grant on " + info.name() + " is of an old kind that cannot be passed on");
      }
      Signer self = node.nodeSigner();
      grant = Grant.delegate(self, held, ticketKey, mode, expiresEpochSec);
    }
    return new NamespaceTicket(namespace, grant, ticketSeed, node.nodeKey(), hints);
  }

  /**
   * Joins with {@code ticketText} (checked at {@code nowEpochSec}): keeps the grant passed on to
   * this node, hosts the namespace (as {@code name}, or its short key) and makes the sharer a sync
   * partner. A refused ticket is counted under its reason and thrown.
   */
  public static Joined join(
      SyncNode node,
      String ticketText,
      String name,
      SyncDirectory.ContentPolicy policy,
      long nowEpochSec) {
    NamespaceTicket ticket;
    try {
      ticket = NamespaceTicket.decode(ticketText, nowEpochSec);
      if (ticket.sharer().equals(node.nodeKey())) {
        throw new NamespaceTicket.RefusedException(
            "own-ticket", "this ticket was made by this node; join it on another node");
      }
    } catch (NamespaceTicket.RefusedException e) {
      node.directory().countTicketRefused(e.reason());
      throw e;
    }
    SyncDirectory.NamespaceInfo existing = node.directory().namespace(ticket.namespace());
    String local =
        existing != null
            ? existing.name()
            : name == null || name.isBlank() ? ticket.namespace().shortHex() : name;
    SyncDirectory.NamespaceInfo clash = node.directory().namespace(local);
    if (existing == null && clash != null) {
      throw new IllegalArgumentException(
          "a different namespace is already called " + local + " here; join with --name N");
    }
    Grant mine = ticket.grantFor(node.nodeKey());
    SyncDirectory.NamespaceInfo info =
        existing != null
            ? existing
            : new SyncDirectory.NamespaceInfo(ticket.namespace(), local, null, policy);
    node.directory().putNamespace(info);
    if (existing == null || existing.seed() == null) {
      node.directory().putGrant(mine);
    }
    if (!node.directory().isPartner(ticket.sharer())) {
      node.directory().putPartner(ticket.sharer(), "sharer-" + ticket.sharer().shortHex());
    }
    return new Joined(info, mine, ticket.sharer(), ticket.hints());
  }
}
