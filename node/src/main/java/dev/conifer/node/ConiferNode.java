package dev.conifer.node;

import dev.conifer.node.admin.AdminServer;
import dev.conifer.node.admin.NodeEndpoints;
import dev.conifer.node.cli.NodeOutput;
import dev.conifer.node.doorway.DoorwayServer;
import dev.conifer.node.metrics.DataPlaneMeters;
import dev.conifer.node.metrics.ProcessMeters;
import dev.conifer.node.services.BlobEndpoints;
import dev.conifer.node.services.BlobServices;
import dev.conifer.node.services.ReplicationDriver;
import dev.conifer.node.services.ReplicationEndpoints;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.node.services.SyncEndpoints;
import dev.conifer.node.services.SyncServices;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.TransportClocks;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.TransportLoops;
import dev.conifer.transport.Transports;
import dev.conifer.transport.multicast.MulticastConfig;
import dev.conifer.transport.multicast.MulticastDiscovery;
import dev.conifer.transport.quic.QuicNative;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.quic.Quic;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the composition root that wires the router, the transports, QUIC sessions, blobs
 * and sync ({@link BlobServices}, {@link SyncServices}), the admin server and the metrics registry
 * together (wiring only, no protocol logic). Also used in-process by {@code conifer ping} and by
 * tests.
 */
public final class ConiferNode implements AutoCloseable {
  static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(ConiferNode.class);

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Router router;
  private final Transports transports;
  private final TransportLoops loops;
  private final List<URI> listening = new ArrayList<>();
  private final PeerTracker peers = new PeerTracker();
  private Sessions sessions;
  private BlobServices blobs;
  private SyncServices sync;
  private ReplicationDriver replication;
  private AdminServer admin;
  private DoorwayServer doorway;
  private NodeControl control;
  private boolean closed;

  private ConiferNode(
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      Router router,
      Transports transports,
      TransportLoops loops) {
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.router = router;
    this.transports = transports;
    this.loops = loops;
  }

  /**
   * Starts a node and prints its stdout lines ({@link NodeOutput}) to {@code out}. On failure
   * everything already started is closed again.
   */
  public static ConiferNode start(
      NodeConfig config, Signer signer, SecureRandom random, PrintWriter out) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMeters.configure(registry);
    ProcessMeters.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    TransportConfig transportConfig =
        TransportConfig.defaults().toBuilder().jitterSeed(random.nextLong()).build();
    // The router runs on the links' event loop: a relayed frame never changes threads.
    TransportLoops loops = TransportLoops.create(transportConfig);
    Router router =
        Router.start(
            RouterConfig.defaults(),
            signer,
            SystemClocks.NANO,
            SystemClocks.EPOCH,
            registry,
            random.nextLong(),
            loops.routerExecutor());
    router.addListener(new PeerLogListener());
    if (config.echo()) {
      router.setReceiver(new EchoReceiver(router, registry));
    }
    Transports transports;
    try {
      transports =
          new Transports(
              router,
              signer,
              transportConfig,
              new TransportClocks(SystemClocks.NANO, SystemClocks.WALL),
              loops);
      transports.bindTo(registry);
    } catch (RuntimeException e) {
      router.close();
      loops.close();
      gcMetrics.close();
      throw e;
    }
    ConiferNode node = new ConiferNode(registry, gcMetrics, router, transports, loops);
    try {
      node.startServices(config, signer, random, out);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void startServices(
      NodeConfig config, Signer signer, SecureRandom random, PrintWriter out) {
    control = NodeControl.open(config); // before anything opens the data directory's files
    out.println(NodeOutput.publicKeyLine(router.publicKey()));
    out.flush();
    router.addListener(peers);
    if (config.sessions()) {
      startSessions(config, signer, random, out);
    }
    for (URI uri : config.listen()) {
      InetSocketAddress bound = await("cannot listen on " + uri, transports.listen(uri));
      String path = uri.getScheme().startsWith("ws") ? uri.getRawPath() : null; // the rest: none
      URI boundUri = NodeOutput.boundUri(uri.getScheme(), bound, path);
      listening.add(boundUri);
      out.println(NodeOutput.listeningLine(boundUri));
      out.flush();
    }
    if (config.admin() != null) {
      // The control API's endpoints: a new one is one more register call here.
      NodeEndpoints.register(control.routes(), this, control);
      BlobEndpoints.register(control.routes(), this::blobs);
      ReplicationEndpoints.register(control.routes(), () -> replication);
      SyncEndpoints.register(control.routes(), this);
      admin =
          AdminServer.start(
              config.admin(),
              new AdminServer.Services(
                  router::status,
                  registry,
                  control.routes(),
                  control.token(config, random),
                  false));
      if (!admin.address().getAddress().isLoopbackAddress()) {
        LOG.warn(
            "admin server on {} is reachable from other hosts; every request needs the token",
            admin.address());
      }
      out.println(NodeOutput.adminLine(admin.address()));
      out.flush();
    }
    control.publish(adminAddress());
    if (config.doorway() != null) {
      doorway = NodeDoorway.start(config.doorway(), blobs, sync, this::blobHolders, registry);
      out.println(NodeOutput.doorwayLine(doorway.address()));
      out.flush();
    }
    if (config.multicast() != null) {
      startMulticast(config.multicast(), out);
    }
    for (URI uri : control.staticPeers()) {
      try {
        transports.addStaticPeer(uri);
      } catch (IllegalStateException e) {
        throw new UserException("cannot connect to " + uri + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Sessions need native QUIC. Only on a platform for which the build ships no native library do
   * they stay off (said on stdout and in the log); anywhere else a failure to start is the node's.
   */
  private void startSessions(
      NodeConfig config, Signer signer, SecureRandom random, PrintWriter out) {
    String missing = QuicNative.missingOnThisPlatform();
    if (missing != null && !Quic.isAvailable()) {
      LOG.warn("sessions, blobs and sync are OFF: {}", missing);
      out.println(NodeOutput.sessionsOffLine(missing));
      out.flush();
      return;
    }
    QuicNative.ensureLoaded(); // throws, naming the platform and Netty's cause
    sessions = Sessions.start(router, signer, SessionConfig.defaults(), SystemClocks.WALL, random);
    DataPlaneMeters.bindSessions(registry, sessions);
    if (config.data() == null) {
      return;
    }
    ReplicationPolicy policy = ReplicationPolicy.load(config.data());
    blobs =
        BlobServices.open(
            config.data(), sessions, this::blobHolders, policy.rules(), router, signer);
    replication = ReplicationDriver.start(config.data(), blobs, signer, policy);
    replication.counters().bindTo(registry);
    DataPlaneMeters.bindBlobs(registry, blobs.counters());
    if (blobs.rendezvous() != null) {
      DataPlaneMeters.bindRendezvous(registry, blobs.rendezvous().counters());
    }
    sync = SyncServices.start(config.data(), signer, blobs, sessions, random);
    sync.bindTo(registry);
    peers.relayTo(
        key -> {
          sync.peerUp(key);
          replication.peerUp(key);
        },
        sync::peerDown);
  }

  /** Whom the blob doorway asks on a miss: the sync partners first, then the direct peers. */
  private List<PublicKey> blobHolders() {
    Set<PublicKey> holders = new LinkedHashSet<>();
    if (sync != null) {
      holders.addAll(sync.partners());
    }
    holders.addAll(peers.peers());
    return List.copyOf(holders);
  }

  private void startMulticast(String filter, PrintWriter out) {
    MulticastDiscovery discovery;
    try {
      discovery =
          await(
              "cannot start LAN discovery",
              transports.startMulticast(MulticastConfig.defaults(filter)));
    } catch (IllegalArgumentException e) {
      throw new UserException("--multicast: " + e.getMessage(), e);
    }
    discovery.counters().bindTo(registry);
    out.println("multicast " + (filter.isEmpty() ? "*" : filter));
    out.flush();
  }

  private static <T> T await(String what, CompletableFuture<T> future) {
    try {
      return future.get(LISTEN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw new UserException(what + ": timed out after " + LISTEN_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(what + ": interrupted", e);
    }
  }

  /**
   * A user-facing failure of {@code what}, e.g. "cannot listen on tcp://…", caused by {@code
   * cause}.
   */
  public static UserException failure(String what, Throwable cause) {
    String message = cause.getMessage();
    String detail =
        message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    // The transports often name the address themselves; don't say it twice.
    return new UserException(detail.startsWith(what) ? detail : what + ": " + detail, cause);
  }

  public PublicKey publicKey() {
    return router.publicKey();
  }

  public Router router() {
    return router;
  }

  public Transports transports() {
    return transports;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The keys of the directly connected peers. */
  public List<PublicKey> directPeers() {
    return peers.peers();
  }

  /** The bound listen URIs, real ports filled in, in the order given. */
  public List<URI> listening() {
    return List.copyOf(listening);
  }

  /** QUIC sessions over the overlay, or null when off. */
  public Sessions sessions() {
    return sessions;
  }

  /** The blob store and its services, or null without a data directory or sessions. */
  public BlobServices blobs() {
    return blobs;
  }

  /** Replication (policy, pulls, status), or null without a data directory or sessions. */
  public ReplicationDriver replication() {
    return replication;
  }

  /** Sync, or null without a data directory or sessions. */
  public SyncServices sync() {
    return sync;
  }

  /** The doorway's bound address, or null if it is off. */
  public InetSocketAddress doorwayAddress() {
    return doorway == null ? null : doorway.address();
  }

  /** The admin server's bound address, or null if it is off. */
  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("stopping");
    if (admin != null) {
      admin.close();
    }
    if (doorway != null) {
      doorway.close();
    }
    peers.relayTo(key -> {}, key -> {});
    if (sync != null) {
      sync.close();
    }
    if (replication != null) {
      replication.close();
    }
    if (blobs != null) {
      blobs.close();
    }
    if (sessions != null) {
      sessions.close();
    }
    transports.close();
    router.close();
    loops.close();
    gcMetrics.close();
    registry.close();
    if (control != null) {
      control.close(); // last: every file in the data directory is closed now
    }
  }
}
