package dev.conifer.bench.chain;

import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.Watermark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps {@code keys.size()} snake routes alive in a relay: every virtual key signs its own
 * bootstrap (PROTOCOL.md §7.1) with the relay's current root and a wall-clock sequence, and one of
 * the raw peers sends it, each key once per bootstrap interval (5 s, as a live node does), spread
 * evenly over the interval so each peer stays well under the relay's per-peer bootstrap limit. The
 * relay verifies each one and installs or refreshes a route entry for it (§7.3); entries live 10 s.
 *
 * <p>Keys are drawn only outside the chain's key range ({@link #outside}): a virtual key between a
 * chain node and that node's successor would attract the chain's SNEK traffic, and nothing behind a
 * raw peer forwards it.
 */
final class VirtualRoutes implements Runnable {
  private static final long INTERVAL_NS = SnekConfig.BOOTSTRAP_INTERVAL_NS;
  private static final long TICK_NS = 5_000_000;
  private static final long KEEPALIVE_IDLE_NS = 1_000_000_000L;

  private final List<Signer> keys;
  private final List<RawPeer> peers;
  private final long startNs;
  private final Root presignedRoot;
  private final byte[][][] presigned; // [round][key]: the frames of the first rounds
  private long sent;
  private long live;
  private long skipped;

  /**
   * Signs the first {@code rounds} rounds now (sequence = now + 5 s per round, for the relay's
   * current root), so that while the cells run the farm mostly writes bytes: its signing is the
   * work of 10,000 other machines in a real network, not of this one's. Keeps the peers alive
   * meanwhile.
   */
  VirtualRoutes(List<Signer> keys, List<RawPeer> peers, int rounds) {
    this.keys = List.copyOf(keys);
    this.peers = List.copyOf(peers);
    this.presignedRoot = peers.get(0).root();
    this.presigned = new byte[rounds][keys.size()][];
    long firstMs = System.currentTimeMillis();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < keys.size(); i++) {
        presigned[r][i] =
            bootstrap(keys.get(i), presignedRoot, firstMs + r * (INTERVAL_NS / 1_000_000));
        if (i % 500 == 0) {
          long now = System.nanoTime();
          for (RawPeer peer : peers) {
            peer.keepAlive(now, KEEPALIVE_IDLE_NS);
          }
        }
      }
    }
    this.startNs = System.nanoTime();
  }

  /**
   * {@code count} signers from {@code seed} whose keys lie below {@code low} or above {@code high}
   * (key order, PROTOCOL.md §1). Fails after {@code attemptsMax} draws rather than run for minutes.
   */
  static List<Signer> outside(
      PublicKey low, PublicKey high, int count, long seed, int attemptsMax) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Signer> out = new ArrayList<>(count);
    byte[] keySeed = new byte[Ed25519.SEED_LENGTH];
    for (int attempt = 0; out.size() < count; attempt++) {
      if (attempt >= attemptsMax) {
        throw new IllegalStateException(
            "only "
                + out.size()
                + " of "
                + count
                + " keys outside the chain's key range after "
                + attemptsMax
                + " draws (range too wide); reproduce: seed="
                + seed);
      }
      for (int i = 0; i < keySeed.length; i += 8) {
        long word = random.nextLong();
        for (int b = 0; b < 8; b++) {
          keySeed[i + b] = (byte) (word >>> (8 * b));
        }
      }
      Signer signer = Ed25519.signerFromSeed(keySeed.clone());
      PublicKey key = signer.publicKey();
      if (key.compareTo(low) < 0 || key.compareTo(high) > 0) {
        out.add(signer);
      }
    }
    return out;
  }

  /** One bootstrap of {@code key}, signed now, watermark {FullMask, 0} as a fresh origin's. */
  static byte[] bootstrap(Signer key, Root root, long sequenceMs) {
    SignedRootPayload payload = SignedRootPayload.sign(sequenceMs, root, key);
    return FrameCodec.encode(
        new BootstrapFrame(key.publicKey(), Watermark.NONE, payload.toBytes()));
  }

  /** Sends forever (until interrupted): key i goes out at {@code i / n} of every interval. */
  @Override
  public void run() {
    int n = keys.size();
    long done = 0; // bootstraps scheduled so far, over all intervals
    long lastReport = startNs;
    while (!Thread.currentThread().isInterrupted()) {
      long now = System.nanoTime();
      long due = n == 0 ? 0 : (now - startNs) * n / INTERVAL_NS;
      for (; done < due; done++) {
        int i = (int) (done % n);
        int round = (int) (done / n);
        RawPeer peer = peers.get(i % peers.size());
        Root root = peer.root();
        byte[] frame;
        if (root == null) {
          frame = null;
        } else if (round < presigned.length && root.equals(presignedRoot)) {
          frame = presigned[round][i];
          presigned[round][i] = null;
        } else {
          // Past the presigned rounds, or the root changed: sign now, later than any presigned.
          frame = bootstrap(keys.get(i), root, System.currentTimeMillis());
          live++;
        }
        if (frame == null || !peer.write(frame)) {
          skipped++;
        } else {
          sent++;
        }
      }
      for (RawPeer peer : peers) {
        peer.keepAlive(now, KEEPALIVE_IDLE_NS);
      }
      if (now - lastReport >= 10 * INTERVAL_NS) {
        lastReport = now;
        long back = 0;
        for (RawPeer peer : peers) {
          back += peer.bootstrapsIn();
        }
        System.err.printf(
            "virtual routes: %d keys, %d bootstraps sent (%d signed live), %d skipped,"
                + " %d forwarded back to us%n",
            n, sent, live, skipped, back);
        System.err.flush();
      }
      LockSupport.parkNanos(TICK_NS);
    }
  }
}
