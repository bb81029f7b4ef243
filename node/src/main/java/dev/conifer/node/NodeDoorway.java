package dev.conifer.node;

import dev.conifer.node.doorway.DoorwayConfig;
import dev.conifer.node.doorway.DoorwayServer;
import dev.conifer.node.doorway.NamespaceReader;
import dev.conifer.node.services.BlobServices;
import dev.conifer.node.services.SyncServices;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link ConiferNode} starts the web doorway (docs/DOORWAY.md) over its blobs and sync. */
final class NodeDoorway {
  // Logged under the node's name, as when this was part of ConiferNode.
  private static final Logger LOG = LoggerFactory.getLogger(ConiferNode.class);

  private NodeDoorway() {}

  /**
   * Starts the doorway on {@code config}'s address; it needs the blob store ({@code blobs}), and
   * serves namespace pages when {@code sync} (else null) runs. {@code holders}: whom a miss asks.
   */
  static DoorwayServer start(
      DoorwayConfig config,
      BlobServices blobs,
      SyncServices sync,
      Supplier<List<PublicKey>> holders,
      PrometheusMeterRegistry registry) {
    if (blobs == null) {
      throw new UserException(
          "--doorway needs --data (and QUIC sessions): it serves blobs from the store and holders");
    }
    try {
      return DoorwayServer.start(
          config,
          blobs.store(),
          blobs.connector(),
          blobs.holders(),
          namespacePages(config, sync, holders),
          registry);
    } catch (IllegalStateException e) {
      throw new UserException(
          "--doorway: " + e.getMessage() + "; choose another address, e.g. --doorway 127.0.0.1:0",
          e);
    }
  }

  /**
   * What the doorway's namespace pages read: the namespaces published with {@code sync ns publish}
   * (persisted in sync.db) and those the operator lists with {@code --doorway-ns} (by name or key
   * hex, for this run), from sync's store; null without sync.
   */
  private static NamespaceReader namespacePages(
      DoorwayConfig doorway, SyncServices sync, Supplier<List<PublicKey>> holders) {
    if (sync == null) {
      return null;
    }
    // As the sync commands resolve NS: the exact name, or the key in hex (any case).
    Set<String> names = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (String ns : doorway.namespaces()) {
      names.add(ns);
      keys.add(ns.toLowerCase(Locale.ROOT));
      if (sync.node().directory().namespace(ns) == null) {
        LOG.warn("--doorway-ns {}: no such namespace here yet; its pages appear once it is", ns);
      }
    }
    return new NamespaceReader(
        sync.node(),
        ns ->
            sync.node().isPublished(ns.namespace())
                || names.contains(ns.name())
                || keys.contains(ns.namespace().toHex()),
        holders);
  }
}
