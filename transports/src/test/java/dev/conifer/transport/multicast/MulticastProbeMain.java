package dev.conifer.transport.multicast;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.Transports;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestClocks;
import dev.conifer.transport.testing.TestKeys;
import java.util.concurrent.TimeUnit;

/**
 * One discovery endpoint for {@link MulticastNamespaceTest}, run inside a network namespace: a node
 * with key {@code signer(seedByte)} and discovery on {@code iface}, printing {@code FOUND <key>
 * <type> <zone>} and exiting 0 once a peer with {@code expectedKeyHex} is attached, or exiting 1
 * after {@code timeoutSeconds}. Mode {@code garbage} also sends malformed datagrams to the beacon
 * group; mode {@code expect-garbage} reports only after it has counted some, so the test proves
 * they neither crash nor stop discovery.
 */
public final class MulticastProbeMain {
  private MulticastProbeMain() {}

  public static void main(String[] args) throws Exception {
    int seedByte = Integer.parseInt(args[0]);
    PublicKey expected = PublicKey.fromHex(args[1]);
    String iface = args[2];
    long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
    String mode = args.length > 4 ? args[4] : "";
    java.net.MulticastSocket garbage = null;
    if (mode.equals("garbage")) {
      garbage = new java.net.MulticastSocket();
      garbage.setNetworkInterface(java.net.NetworkInterface.getByName(iface));
    }
    long nextGarbageNs = 0;
    FakeAttacher attacher = new FakeAttacher();
    try (Transports transports =
        new Transports(
            attacher,
            TestKeys.signer(seedByte),
            Ed25519.VERIFIER,
            TransportConfig.defaults(),
            TestClocks.REAL)) {
      MulticastDiscovery discovery =
          transports.startMulticast(MulticastConfig.defaults(iface)).get(10, TimeUnit.SECONDS);
      while (System.nanoTime() < deadlineNs) {
        if (garbage != null && System.nanoTime() - nextGarbageNs >= 0) {
          nextGarbageNs = System.nanoTime() + 200_000_000L;
          java.net.InetSocketAddress group =
              new java.net.InetSocketAddress(Beacon.GROUP_IPV4, Beacon.UDP_PORT);
          garbage.send(new java.net.DatagramPacket(new byte[5], 5, group)); // short
          garbage.send(new java.net.DatagramPacket(new byte[40], 40, group)); // long
          garbage.send(new java.net.DatagramPacket(new byte[34], 34, group)); // zero key, port
        }
        boolean garbageSeen =
            !mode.equals("expect-garbage") || discovery.counters().malformedTotal() > 0;
        for (FakeAttacher.Attached a : attacher.attached) {
          if (garbageSeen && a.info().publicKey().equals(expected)) {
            System.out.println(
                "FOUND "
                    + a.info().publicKey().toHex()
                    + " "
                    + a.info().type()
                    + " "
                    + a.info().zone()
                    + " beacons="
                    + discovery.counters().beaconsReceived()
                    + " malformed="
                    + discovery.counters().malformedTotal());
            System.out.flush();
            // Stay a little so the other side's dial or accept completes too.
            waitNs(2_000_000_000L);
            System.exit(0);
          }
        }
        waitNs(50_000_000L);
      }
      System.out.println("NOT FOUND beacons=" + discovery.counters().beaconsReceived());
      System.exit(1);
    }
  }

  private static void waitNs(long ns) throws InterruptedException {
    Object lock = new Object();
    synchronized (lock) {
      TimeUnit.NANOSECONDS.timedWait(lock, ns);
    }
  }
}
