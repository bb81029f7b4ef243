package dev.conifer.node;

import dev.conifer.node.admin.NodeEndpoints;
import dev.conifer.node.cli.NodeCommand;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.ControlToken;
import dev.conifer.node.control.DaemonClaim;
import dev.conifer.node.services.BlobEndpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A daemon's side of "the daemon owns its data directory" (DESIGN.md): the directory's lock and
 * record, the control token, the peers added at run time, and the control API's endpoints. Wiring
 * only; the endpoints live in {@link NodeEndpoints} and {@link BlobEndpoints}.
 */
public final class NodeControl implements AutoCloseable {
  private final DaemonClaim claim;
  private final StaticPeers peers;
  private final Set<URI> configuredPeers;
  private final ControlRoutes routes = new ControlRoutes();
  private ControlToken token;

  private NodeControl(DaemonClaim claim, StaticPeers peers, List<URI> configuredPeers) {
    this.claim = claim;
    this.peers = peers;
    this.configuredPeers = new LinkedHashSet<>(configuredPeers);
  }

  /** Locks {@code config.home()} (if any) before anything opens its files. */
  static NodeControl open(NodeConfig config) {
    if (config.home() == null) {
      return new NodeControl(null, null, config.connect());
    }
    NodeCommand.createDataDirectory(config.home());
    DaemonClaim claim = DaemonClaim.acquire(config.home());
    try {
      return new NodeControl(claim, StaticPeers.load(config.home()), config.connect());
    } catch (RuntimeException e) {
      claim.close();
      throw e;
    }
  }

  /** The token for the admin server, or null when there is nowhere to keep one. */
  ControlToken token(NodeConfig config, SecureRandom random) {
    Path file =
        config.adminToken() != null
            ? config.adminToken()
            : config.home() == null ? null : config.home().resolve(ControlToken.DEFAULT_NAME);
    if (file == null) {
      return null;
    }
    try {
      token = ControlToken.loadOrCreate(file, random);
      return token;
    } catch (IOException e) {
      throw new UserException("--admin-token: cannot read or create " + file + ": " + e, e);
    }
  }

  /** Every static peer to dial at start: those configured, then those added at run time. */
  public List<URI> staticPeers() {
    Set<URI> all = new LinkedHashSet<>(configuredPeers);
    if (peers != null) {
      all.addAll(peers.added());
    }
    return new ArrayList<>(all);
  }

  public boolean isConfigured(URI uri) {
    return configuredPeers.contains(uri);
  }

  /** The peers added at run time, or null without a data directory to keep them in. */
  public StaticPeers addedPeers() {
    return peers;
  }

  ControlRoutes routes() {
    return routes;
  }

  /** Tells CLI commands where to find the admin server (null: off). */
  void publish(InetSocketAddress admin) {
    if (claim != null) {
      claim.publish(admin, token == null ? null : token.file());
    }
  }

  /** After everything else has closed its files: the next owner may open them. */
  @Override
  public void close() {
    routes.close();
    if (claim != null) {
      claim.close();
    }
  }
}
