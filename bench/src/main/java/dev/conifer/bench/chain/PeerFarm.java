package dev.conifer.bench.chain;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM holding N idle Conifer nodes (each a Router plus Transports with a key from the seed), all
 * peered with one relay: the extra peers of {@link ManyPeersProbe}. A separate process, so that its
 * CPU can be counted and kept apart from the load generator. Prints {@code ready N} once every node
 * has completed its handshake, then runs until killed.
 *
 * <p>usage: PeerFarm URI COUNT SEED
 */
public final class PeerFarm {
  private PeerFarm() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: PeerFarm URI COUNT SEED");
      System.exit(2);
    }
    URI relay = URI.create(args[0]);
    int count = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    if (count < 0 || count > 500) {
      throw new IllegalArgumentException("COUNT must be 0..500");
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
}
