package dev.conifer.bench.chain;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.KeepaliveFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile peers for {@link FloodBenchmark}, in their own JVM: {@code COUNT} raw peerings with a
 * relay, each writing valid frames that carry no data as fast as the socket takes them, either
 * keepalives or its own tree announcement sent again unchanged. Prints "flooding" once every
 * peering is up, then the frames written per second.
 *
 * <pre>Flooder RELAY_URI COUNT keepalive|announcement SEED</pre>
 */
public final class Flooder {
  private static final int FRAMES_PER_WRITE = 4_096;

  private Flooder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !(args[2].equals("keepalive") || args[2].equals("announcement"))) {
      System.err.println("usage: Flooder RELAY_URI COUNT keepalive|announcement SEED");
      System.exit(2);
    }
    URI relay = URI.create(args[0]);
    int count = Integer.parseInt(args[1]);
    boolean keepalives = args[2].equals("keepalive");
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      Signer signer = Ed25519.signerFromSeed(seed);
      peers.add(RawPeer.connect(relay, signer));
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (RawPeer peer : peers) {
      while (peer.lastAnnouncement() == null) {
        if (peer.isClosed() || System.nanoTime() > deadline) {
          throw new IllegalStateException("a flooding peer got no announcement from " + relay);
        }
        Thread.sleep(10);
      }
    }
    AtomicLong written = new AtomicLong();
    for (RawPeer peer : peers) {
      byte[] frame =
          keepalives ? FrameCodec.encode(KeepaliveFrame.INSTANCE) : peer.lastAnnouncement();
      byte[] block = new byte[frame.length * FRAMES_PER_WRITE];
      for (int i = 0; i < FRAMES_PER_WRITE; i++) {
        System.arraycopy(frame, 0, block, i * frame.length, frame.length);
      }
      Thread writer =
          new Thread(
              () -> {
                while (peer.write(block)) {
                  written.addAndGet(FRAMES_PER_WRITE);
                }
                System.out.println("peering closed by the relay");
              },
              "flood");
      writer.setDaemon(true);
      writer.start();
    }
    System.out.println("flooding " + count + " " + args[2]);
    System.out.flush();
    long last = 0;
    while (true) {
      Thread.sleep(1_000);
      long now = written.get();
      System.out.println("written " + (now - last) + " frames/s");
      System.out.flush();
      last = now;
    }
  }
}
