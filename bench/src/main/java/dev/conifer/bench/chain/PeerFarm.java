package dev.conifer.bench.chain;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM holding the extra peers of {@link ManyPeersProbe}, all peered with one relay; a separate
 * process, so that its CPU can be counted and kept apart from the load generator. Prints {@code
 * ready N} once every peer is up, then runs until killed.
 *
 * <p>Without ROUTES: N idle Conifer nodes (each a Router plus Transports with a key from the seed).
 * With ROUTES: N {@link RawPeer}s instead, which keep ROUTES snake routes alive in the relay with
 * signed bootstraps of as many virtual keys ({@link VirtualRoutes}); every key, the peers' too,
 * lies below LOW or above HIGH (hex keys: the chain's lowest and highest), so none of them attracts
 * the chain's traffic. {@code ready} then waits for the relay's first announcement on every peer.
 *
 * <p>ROUNDS bootstrap rounds (5 s each) are signed before {@code ready}, so that the farm's signing
 * does not compete with the chain for the CPU while the cells run; later rounds are signed live.
 *
 * <p>usage: PeerFarm URI COUNT SEED [ROUTES LOW HIGH ROUNDS]
 */
public final class PeerFarm {
  private static final int KEY_DRAWS_MAX = 2_000_000;

  private PeerFarm() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 7) {
      System.err.println("usage: PeerFarm URI COUNT SEED [ROUTES LOW HIGH ROUNDS]");
      System.exit(2);
    }
    URI relay = URI.create(args[0]);
    int count = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    if (count < 0 || count > 500) {
      throw new IllegalArgumentException("COUNT must be 0..500");
    }
    if (args.length == 7) {
      int routes = Integer.parseInt(args[3]);
      int rounds = Integer.parseInt(args[6]);
      if (routes < 1 || routes > 100_000 || count < 1 || rounds < 0 || rounds > 100) {
        throw new IllegalArgumentException(
            "ROUTES must be 1..100000 with COUNT >= 1, ROUNDS 0..100");
      }
      PublicKey low = PublicKey.fromHex(args[4]);
      PublicKey high = PublicKey.fromHex(args[5]);
      runRawPeers(relay, count, seed, routes, low, high, rounds);
      return;
    }
    List<ConiferEndpoint.Node> nodes = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (ConiferEndpoint.Node node : nodes) {
                    node.close();
                  }
                }));
    for (int i = 0; i < count; i++) {
      ConiferEndpoint.Node node = ConiferEndpoint.startNode(seed + i);
      synchronized (nodes) {
        nodes.add(node);
      }
      node.connect(relay);
    }
    System.out.println("ready " + count);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static void runRawPeers(
      URI relay,
      int count,
      long seed,
      int routes,
      PublicKey low,
      PublicKey high,
      int presignedRounds)
      throws Exception {
    long t0 = System.nanoTime();
    List<Signer> keys = VirtualRoutes.outside(low, high, count + routes, seed, KEY_DRAWS_MAX);
    long below = keys.stream().filter(k -> k.publicKey().compareTo(low) < 0).count();
    System.err.printf(
        "%d keys outside the chain's range in %d ms: %d below it, %d above%n",
        keys.size(), (System.nanoTime() - t0) / 1_000_000, below, keys.size() - below);
    List<RawPeer> peers = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (peers) {
                    peers.forEach(RawPeer::close);
                  }
                }));
    for (int i = 0; i < count; i++) {
      RawPeer peer = RawPeer.connect(relay, keys.get(i));
      synchronized (peers) {
        peers.add(peer);
      }
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (RawPeer peer : peers) {
      while (peer.root() == null) {
        if (peer.isClosed() || System.nanoTime() > deadline) {
          throw new IllegalStateException("a raw peer got no announcement from " + relay);
        }
        Thread.sleep(10);
      }
    }
    long t1 = System.nanoTime();
    VirtualRoutes routesSender =
        new VirtualRoutes(keys.subList(count, keys.size()), peers, presignedRounds);
    System.err.printf(
        "presigned %d rounds of %d bootstraps in %d ms%n",
        presignedRounds, routes, (System.nanoTime() - t1) / 1_000_000);
    Thread emitter = new Thread(routesSender, "virtual-routes");
    emitter.setDaemon(true);
    emitter.start();
    System.out.println("ready " + count);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
