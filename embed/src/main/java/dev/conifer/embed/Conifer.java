package dev.conifer.embed;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.KeyFile;
import dev.conifer.node.NodeConfig;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.RouterListener;
import dev.conifer.router.RouterStatus;
import dev.conifer.session.Sessions;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Conifer node inside an application: an Ed25519 identity, links to peers, QUIC sessions over the
 * overlay, messages by key, and (with a data directory) blobs and sync. Start one with {@link
 * #builder()}, close it when done; {@link #close()} stops every thread and releases every port and
 * file.
 *
 * <pre>{@code
 * try (Conifer node = Conifer.builder().listen("tcp://127.0.0.1:0").start()) {
 *   node.send(friend, "hello".getBytes(StandardCharsets.UTF_8));
 * }
 * }</pre>
 */
public final class Conifer implements AutoCloseable {
  /** The largest message {@link #send} takes; larger payloads belong in {@link #blobs()}. */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  private final ConiferNode node;
  private final Messenger messenger;
  private final Blobs blobs;
  private final Map<PublicKey, Set<Integer>> peerPorts = new HashMap<>();

  private Conifer(ConiferNode node, Messenger messenger) {
    this.node = node;
    this.messenger = messenger;
    this.blobs = node.blobs() == null ? null : new Blobs(node.blobs());
  }

  /**
   * Settings for a new node, each with a sane default.
   *
   * @return a builder; call {@link ConiferBuilder#start()} on it
   */
  public static ConiferBuilder builder() {
    return new ConiferBuilder();
  }

  static Conifer start(ConiferBuilder settings) {
    // The embedding application is a composition root, like the daemon: randomness starts here.
    SecureRandom random = new SecureRandom();
    NodeConfig config =
        new NodeConfig(
            settings.keyFile,
            settings.listen,
            settings.connect,
            null,
            false,
            settings.lanDiscovery,
            true,
            settings.data,
            null,
            settings.data,
            null);
    ConiferNode node;
    try {
      node = ConiferNode.start(config, signer(settings, random), random, silent());
    } catch (RuntimeException e) {
      throw new ConiferException("cannot start the node: " + e.getMessage(), e);
    }
    try {
      if (node.sessions() == null) {
        throw new ConiferException("QUIC sessions cannot start on this platform (see the log)");
      }
      Messenger messenger =
          new Messenger(
              node.sessions(), settings.inboxCapacity, settings.dialTimeout, node.registry());
      Conifer conifer = new Conifer(node, messenger);
      conifer.watchPeers();
      messenger.listen();
      return conifer;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /**
   * The node dialled its peers while starting: listen from now on, and add the peers that came up
   * before (the snapshot is taken on the router thread, in order with the listener's events).
   */
  private void watchPeers() {
    node.router().addListener(new PeerWatcher());
    try {
      node.router()
          .status()
          .thenAccept(
              status -> {
                for (RouterStatus.PeerStatus peer : status.peers()) {
                  peerUp(peer.port(), PublicKey.fromHex(peer.publicKey()));
                }
              })
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ConiferException("cannot read the router's peers: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConiferException("interrupted while starting", e);
    }
  }

  private synchronized void peerUp(int port, PublicKey key) {
    peerPorts.computeIfAbsent(key, k -> new HashSet<>()).add(port);
    notifyAll();
  }

  private synchronized void peerDown(int port, PublicKey key) {
    Set<Integer> ports = peerPorts.get(key);
    if (ports != null && ports.remove(port) && ports.isEmpty()) {
      peerPorts.remove(key);
    }
  }

  private static Signer signer(ConiferBuilder settings, SecureRandom random) {
    if (settings.keyFile != null) {
      try {
        return KeyFile.loadOrCreate(settings.keyFile, random);
      } catch (RuntimeException e) {
        throw new ConiferException(e.getMessage(), e);
      }
    }
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    random.nextBytes(seed);
    return Ed25519.signerFromSeed(seed);
  }

  /** The node's stdout lines are for the daemon's operator; a library has return values. */
  private static PrintWriter silent() {
    return new PrintWriter(Writer.nullWriter());
  }

  /**
   * This node's public key: its address in the overlay.
   *
   * @return the key other nodes send to
   */
  public PublicKey publicKey() {
    return node.publicKey();
  }

  /**
   * The addresses this node listens on, with the ports actually bound.
   *
   * @return the bound listen URIs, in the order given to the builder
   */
  public List<URI> listening() {
    return node.listening();
  }

  /**
   * The keys of the directly connected peers.
   *
   * @return a snapshot of the peers' keys
   */
  public synchronized List<PublicKey> peers() {
    return new ArrayList<>(peerPorts.keySet());
  }

  /**
   * Waits until {@code key} is a direct peer.
   *
   * @param key the peer's public key
   * @param timeout how long to wait at most
   * @return whether it became a peer in time
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public synchronized boolean awaitPeer(PublicKey key, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!peerPorts.containsKey(key)) {
      long leftNs = deadline - System.nanoTime();
      if (leftNs <= 0) {
        return false;
      }
      wait(Math.max(1, leftNs / 1_000_000));
    }
    return true;
  }

  /**
   * Peers with {@code uri} from now on, redialling with backoff while the link is down.
   *
   * @param uri the peer's address, as for {@link ConiferBuilder#connect}
   * @throws IllegalArgumentException if {@code uri} is not a peer address
   */
  public void connect(String uri) {
    try {
      node.transports().addStaticPeer(uri);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("connect: '" + uri + "': " + e.getMessage(), e);
    }
  }

  /**
   * Sends one message to {@code to} over an encrypted session and returns once the receiver has
   * accepted it into its inbox.
   *
   * @param to the receiver's public key
   * @param message at most {@link #MAX_MESSAGE_BYTES} bytes
   * @throws ConiferException if the receiver cannot be reached, refuses the message (inbox full) or
   *     does not confirm it
   * @throws IllegalArgumentException if the message is larger than {@link #MAX_MESSAGE_BYTES}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void send(PublicKey to, byte[] message) throws InterruptedException {
    messenger.send(to, message);
  }

  /**
   * The next message another node sent to this one, waiting up to {@code timeout} for one.
   *
   * @param timeout how long to wait at most
   * @return the message, or empty if none came in time
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public Optional<Message> receive(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(messenger.receive(timeout));
  }

  /**
   * QUIC sessions over the overlay, for an application's own protocols: {@code listen(alpn,
   * handler)} and {@code dial(key, alpn)} (docs/SESSIONS.md).
   *
   * @return the node's sessions
   */
  public Sessions sessions() {
    return node.sessions();
  }

  /**
   * The blob store and fetcher.
   *
   * @return the node's blobs
   * @throws IllegalStateException if the node has no data directory ({@link ConiferBuilder#data})
   */
  public Blobs blobs() {
    if (blobs == null) {
      throw new IllegalStateException("blobs need a data directory: Conifer.builder().data(dir)");
    }
    return blobs;
  }

  /**
   * Sync of signed entries in namespaces (docs/SYNC.md): create or join namespaces, put and get
   * entries, add partners. The node syncs with partners whenever they come up.
   *
   * @return the node's sync
   * @throws IllegalStateException if the node has no data directory ({@link ConiferBuilder#data})
   */
  public SyncNode sync() {
    if (node.sync() == null) {
      throw new IllegalStateException("sync needs a data directory: Conifer.builder().data(dir)");
    }
    return node.sync().node();
  }

  /**
   * The node's meters (router, links, sessions, messages, blobs, sync), to export or inspect.
   *
   * @return the node's meter registry
   */
  public MeterRegistry meters() {
    return node.registry();
  }

  /** Stops the node: every session, link, thread and file it opened is closed. Idempotent. */
  @Override
  public void close() {
    messenger.close();
    node.close();
  }

  /** Tracks each key's ports: a key peered twice stays a peer until its last link goes. */
  private final class PeerWatcher implements RouterListener {
    @Override
    public void onPeerUp(int port, PeerInfo info) {
      peerUp(port, info.publicKey());
    }

    @Override
    public void onPeerDown(int port, PeerInfo info, String reason) {
      peerDown(port, info.publicKey());
    }
  }
}
