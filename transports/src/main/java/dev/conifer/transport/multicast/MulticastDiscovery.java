package dev.conifer.transport.multicast;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.SocketAddresses;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LAN discovery compatible with Go Pinecone (PROTOCOL.md §11): beacons {@code key || tcpPort} to
 * 224.0.0.114 and ff02::114 port 60606 every 2 s on each enabled interface, rescanning interfaces
 * every 10 s; a beacon from another node leads to a TCP dial from that interface, peer type
 * MULTICAST, zone = interface name, when {@link DialPolicy} allows it. Inbound connections on the
 * discovery TCP listener are MULTICAST peers too. The dialed peer must present the key it beaconed.
 *
 * <p>One daemon thread owns the sockets and the policy; dial results come back through a queue. A
 * malformed or foreign datagram is counted and dropped; nothing a datagram holds stops discovery.
 */
public final class MulticastDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MulticastDiscovery.class);

  /** What discovery needs from the transports. */
  public interface Host {
    PublicKey localKey();

    /** TCP listener on {@code bind} whose peers get {@code origins(channel)}. */
    CompletableFuture<InetSocketAddress> listenTcp(
        InetSocketAddress bind, Function<Channel, PeerOrigin> origins);

    /** TCP dial from {@code local}; completes with the channel once attached, or exceptionally. */
    CompletableFuture<Channel> dialTcp(
        InetSocketAddress remote, InetSocketAddress local, PeerOrigin origin);
  }

  private final Host host;
  private final MulticastConfig config;
  private final LongSupplier nanoClock;
  private final DialPolicy policy;
  private final MulticastCounters counters = new MulticastCounters();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Selector selector;
  private final DatagramChannel ipv4;
  private final DatagramChannel ipv6;
  private final InetAddress groupV4;
  private final InetAddress groupV6;
  private final Map<String, LanInterface> enabled = new HashMap<>(); // thread only
  private final Map<String, List<MembershipKey>> memberships = new HashMap<>(); // thread only
  private volatile List<LanInterface> snapshot = List.of(); // read by Netty threads for zones
  private final Thread thread;
  private byte[] beacon;
  private volatile boolean closed;

  private MulticastDiscovery(Host host, MulticastConfig config, LongSupplier nanoClock)
      throws IOException {
    this.host = host;
    this.config = config;
    this.nanoClock = nanoClock;
    this.policy =
        new DialPolicy(
            host.localKey(),
            config.retryBaseNs(),
            config.retryMaxNs(),
            config.pendingDialCountMax());
    this.groupV4 = InetAddress.getByName(Beacon.GROUP_IPV4);
    this.groupV6 = InetAddress.getByName(Beacon.GROUP_IPV6);
    this.selector = Selector.open();
    this.ipv4 = open(StandardProtocolFamily.INET, "0.0.0.0");
    this.ipv6 = open(StandardProtocolFamily.INET6, "::");
    if (ipv4 == null && ipv6 == null) {
      selector.close();
      throw new IOException("no IPv4 or IPv6 socket on UDP port " + config.udpPort());
    }
    this.thread = new Thread(this::run, "conifer-multicast");
    thread.setDaemon(true);
  }

  /**
   * Binds the discovery TCP listener (wildcard, random port, as Go) and the beacon sockets, then
   * starts beaconing. Fails if neither IPv4 nor IPv6 multicast sockets can be opened.
   */
  public static CompletableFuture<MulticastDiscovery> start(
      Host host, MulticastConfig config, LongSupplier nanoClock) {
    MulticastDiscovery discovery;
    try {
      discovery = new MulticastDiscovery(host, config, nanoClock);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new IOException("cannot start multicast discovery: " + e.getMessage(), e));
    }
    return host.listenTcp(new InetSocketAddress(0), discovery::inboundOrigin)
        .thenApply(
            bound -> {
              discovery.beacon = new Beacon(host.localKey(), bound.getPort()).encode();
              discovery.thread.start();
              LOG.info(
                  "multicast discovery on interfaces {} (tcp port {})",
                  config.interfaces(),
                  bound.getPort());
              return discovery;
            })
        .whenComplete(
            (d, error) -> {
              if (error != null) {
                discovery.close();
              }
            });
  }

  private DatagramChannel open(ProtocolFamily family, String wildcard) {
    try {
      DatagramChannel channel = DatagramChannel.open(family);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      channel.bind(new InetSocketAddress(InetAddress.getByName(wildcard), config.udpPort()));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      return channel;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("multicast over {} is off: {}", family, e.getMessage());
      return null;
    }
  }

  public MulticastCounters counters() {
    return counters;
  }

  // ---- the discovery thread --------------------------------------------------------------

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
    long nextBeaconNs = nanoClock.getAsLong();
    long nextScanNs = nextBeaconNs;
    while (!closed) {
      try {
        long nowNs = nanoClock.getAsLong();
        if (nowNs - nextScanNs >= 0) {
          rescan();
          policy.expire(nowNs);
          nextScanNs = nowNs + config.scanIntervalNs();
          nextBeaconNs = nowNs; // Go beacons as soon as an interface starts
        }
        if (nowNs - nextBeaconNs >= 0) {
          sendBeacons();
          nextBeaconNs = nowNs + config.beaconIntervalNs();
        }
        long waitNs = Math.min(nextBeaconNs, nextScanNs) - nowNs;
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNs)));
        for (SelectionKey key : selector.selectedKeys()) {
          drain((DatagramChannel) key.channel(), buffer);
        }
        selector.selectedKeys().clear();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("multicast discovery error (continuing): {}", e.toString());
          pause(); // a persistent error must not turn into a busy loop
        }
      }
    }
  }

  private void pause() {
    try {
      selector.select(TimeUnit.NANOSECONDS.toMillis(config.beaconIntervalNs()));
    } catch (IOException | RuntimeException e) {
      closed = true; // the selector itself is broken: stop rather than spin
    }
  }

  private void drain(DatagramChannel channel, ByteBuffer buffer) throws IOException {
    for (int i = 0; i < 64; i++) { // bounded work per wakeup
      buffer.clear();
      InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
      if (source == null) {
        return;
      }
      buffer.flip();
      handleDatagram(source, buffer);
    }
  }

  private void handleDatagram(InetSocketAddress source, ByteBuffer datagram) {
    LanInterface lan = interfaceOf(source.getAddress(), snapshot);
    if (lan == null) {
      counters.countForeign();
      return;
    }
    Beacon.Reject reject = Beacon.check(datagram);
    if (reject != null) {
      counters.countMalformed(reject);
      return;
    }
    counters.beaconReceived();
    Beacon beacon = Beacon.decode(datagram);
    String zone = lan.name();
    InetSocketAddress remote = new InetSocketAddress(source.getAddress(), beacon.tcpPort());
    String target = SocketAddresses.format(remote) + "%" + zone;
    long nowNs = nanoClock.getAsLong();
    DialPolicy.Decision decision = policy.handleBeacon(nowNs, beacon.publicKey(), zone, target);
    counters.decided(decision);
    if (decision != DialPolicy.Decision.DIAL) {
      return;
    }
    InetAddress from = source.getAddress() instanceof Inet4Address ? lan.ipv4() : lan.ipv6();
    PeerOrigin origin =
        new PeerOrigin(
            zone,
            "tcp://" + SocketAddresses.format(remote),
            PeerType.MULTICAST,
            key -> {
              if (!key.equals(beacon.publicKey())) {
                return "beacon announced " + beacon.publicKey().shortHex();
              }
              return null;
            });
    LOG.debug("dialing {} ({}) found by multicast", target, beacon.publicKey().shortHex());
    host.dialTcp(remote, new InetSocketAddress(from, 0), origin)
        .whenComplete(
            (channel, error) ->
                post(
                    () -> {
                      policy.dialEnded(nanoClock.getAsLong(), target, error == null);
                      if (error != null) {
                        counters.dialFailed();
                        LOG.debug("multicast dial to {} failed: {}", target, error.getMessage());
                        return;
                      }
                      peerUp(channel, beacon.publicKey(), zone);
                    }));
  }

  private void peerUp(Channel channel, PublicKey key, String zone) {
    policy.peerUp(key, zone);
    channel.closeFuture().addListener(f -> post(() -> policy.peerDown(key, zone)));
  }

  /** The enabled interface a datagram or connection came from, or null. */
  private static LanInterface interfaceOf(InetAddress source, List<LanInterface> interfaces) {
    for (LanInterface lan : interfaces) {
      if (source instanceof Inet6Address) {
        NetworkInterface scoped = ((Inet6Address) source).getScopedInterface();
        int scope = ((Inet6Address) source).getScopeId();
        if (lan.ipv6() != null
            && ((scoped != null && scoped.getName().equals(lan.name()))
                || (scope != 0 && scope == lan.nic().getIndex()))) {
          return lan;
        }
      } else if (lan.onIpv4Subnet(source)) {
        return lan;
      }
    }
    return null;
  }

  private void rescan() throws IOException {
    List<LanInterface> found = LanInterface.scan(config.interfaces());
    Map<String, LanInterface> now = new HashMap<>();
    for (LanInterface lan : found) {
      now.put(lan.name(), lan);
    }
    for (String name : new ArrayList<>(enabled.keySet())) {
      if (!now.containsKey(name)) {
        LOG.info("multicast discovery stopped on {}", name);
        for (MembershipKey key : memberships.remove(name)) {
          key.drop();
        }
        enabled.remove(name);
      }
    }
    for (LanInterface lan : found) {
      if (enabled.containsKey(lan.name())) {
        continue;
      }
      List<MembershipKey> keys = new ArrayList<>();
      try {
        if (lan.ipv4() != null && ipv4 != null) {
          keys.add(ipv4.join(groupV4, lan.nic()));
        }
        if (lan.ipv6() != null && ipv6 != null) {
          keys.add(ipv6.join(groupV6, lan.nic()));
        }
      } catch (IOException e) {
        // One interface failing to join must not keep the others off; the next scan retries.
        LOG.info("multicast discovery cannot join on {}: {}", lan.name(), e.getMessage());
        keys.forEach(MembershipKey::drop);
        continue;
      }
      memberships.put(lan.name(), keys);
      enabled.put(lan.name(), lan);
      LOG.info(
          "multicast discovery started on {} (ipv4 {}, ipv6 {})",
          lan.name(),
          lan.ipv4() == null ? "off" : lan.ipv4().getHostAddress(),
          lan.ipv6() == null ? "off" : lan.ipv6().getHostAddress());
    }
    snapshot = List.copyOf(enabled.values());
  }

  private void sendBeacons() {
    for (LanInterface lan : enabled.values()) {
      send(ipv4, lan.ipv4() != null, lan, groupV4);
      send(ipv6, lan.ipv6() != null, lan, groupV6);
    }
  }

  private void send(DatagramChannel channel, boolean on, LanInterface lan, InetAddress group) {
    if (channel == null || !on) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, lan.nic());
      channel.send(ByteBuffer.wrap(beacon), new InetSocketAddress(group, config.udpPort()));
      counters.beaconSent();
    } catch (IOException e) {
      counters.sendError(); // an interface going away; the next scan drops it
    }
  }

  private void post(Runnable task) {
    if (!closed) {
      tasks.add(task);
      selector.wakeup();
    }
  }

  // ---- Netty threads: inbound connections on the discovery listener -----------------------

  private PeerOrigin inboundOrigin(Channel channel) {
    InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
    LanInterface lan = interfaceOf(remote.getAddress(), snapshot);
    String zone = lan == null ? "" : lan.name();
    return new PeerOrigin(
        zone,
        "tcp://" + SocketAddresses.format(remote),
        PeerType.MULTICAST,
        key -> {
          // Runs just before the router attaches the peer: track it for the "connected" rule.
          post(() -> peerUp(channel, key, zone));
          return null;
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    selector.wakeup();
    try {
      if (thread.isAlive()) {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(ipv4);
    closeQuietly(ipv6);
    closeQuietly(selector);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
