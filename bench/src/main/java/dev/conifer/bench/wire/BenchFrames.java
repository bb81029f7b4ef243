package dev.conifer.bench.wire;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Fixed, seeded inputs shared by the wire and crypto benchmarks. */
public final class BenchFrames {
  public static final long SEED = 42;

  private BenchFrames() {}

  /** A tree-routed traffic frame at depth 3 with a {@code payloadLength}-byte payload. */
  public static TrafficFrame traffic(int payloadLength) {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] payload = new byte[payloadLength];
    random.nextBytes(payload);
    return new TrafficFrame(
        TrafficFrame.HOP_LIMIT_ORIGIN,
        Coordinates.of(1, 4, 300),
        Coordinates.of(1, 2),
        key(random),
        key(random),
        Watermark.NONE,
        payload);
  }

  /** A signed chain of {@code depth} hops, each by its own fixed-seed key. */
  public static SwitchAnnouncement announcement(int depth) {
    Signer root = signer(1);
    SwitchAnnouncement announcement = SwitchAnnouncement.rootOnly(new Root(root.publicKey(), 7));
    for (int i = 0; i < depth; i++) {
      announcement = announcement.signedFor(1 + 3L * i, signer(1 + i));
    }
    return announcement;
  }

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  private static PublicKey key(SplittableRandom random) {
    byte[] bytes = new byte[PublicKey.LENGTH];
    random.nextBytes(bytes);
    return PublicKey.of(bytes);
  }
}
