package dev.conifer.snek.wire;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeded generators for wire values. Every property test takes a seed from {@link #seeds()}, builds
 * a {@code Gen} from it and runs its body through {@link #check}, which names the seed on failure.
 * {@code -Dsnek.seed=N} reruns just that seed; {@code -Dsnek.seedCount=N} widens the default list.
 */
public final class Gen {
  public static final String SEED_PROPERTY = "snek.seed";
  public static final String SEED_COUNT_PROPERTY = "snek.seedCount";
  private static final int SEED_COUNT_DEFAULT = 50;

  private final long seed;
  private final SplittableRandom random;

  public Gen(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The pinned seed if one is given, else a fixed list, so CI runs are reproducible. */
  public static LongStream seeds() {
    String pinned = System.getProperty(SEED_PROPERTY);
    if (pinned != null) {
      return LongStream.of(Long.parseLong(pinned));
    }
    return LongStream.range(0, Long.getLong(SEED_COUNT_PROPERTY, SEED_COUNT_DEFAULT));
  }

  /** A body that may throw anything; failures are rethrown with the seed attached. */
  @FunctionalInterface
  public interface Body {
    void run(Gen gen) throws Exception;
  }

  public static void check(long seed, Body body) {
    try {
      body.run(new Gen(seed));
    } catch (Throwable t) {
      throw new AssertionError(
          "reproduce: -D" + SEED_PROPERTY + "=" + seed + " (" + t.getMessage() + ")", t);
    }
  }

  public long seed() {
    return seed;
  }

  public int intBetween(int lowInclusive, int highInclusive) {
    return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
  }

  public long nextLong() {
    return random.nextLong();
  }

  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  public <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  public byte[] bytes(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  /**
   * A value whose varu64 encoding is exactly {@code length} bytes (1..10), biased towards the
   * boundaries of that length.
   */
  public long varU64OfLength(int length) {
    int bitsMax = Math.min(64, 7 * length);
    int bitsMin = length == 1 ? 0 : 7 * (length - 1) + 1;
    switch (random.nextInt(4)) {
      case 0:
        return bitsMin == 0 ? 0 : 1L << (bitsMin - 1); // smallest of this length
      case 1:
        return bitsMax == 64 ? -1L : (1L << bitsMax) - 1; // largest of this length
      default:
        int bits = intBetween(Math.max(1, bitsMin), bitsMax);
        long top = 1L << (bits - 1);
        long low = bits == 1 ? 0 : random.nextLong() & (top - 1);
        return top | low;
    }
  }

  /** Any unsigned 64-bit value, with every encoded length equally likely. */
  public long varU64() {
    return varU64OfLength(intBetween(1, VarU64.LENGTH_MAX));
  }

  /** A port number: usually small as real switches use, sometimes any varu64. */
  public long port() {
    int kind = random.nextInt(10);
    if (kind < 6) {
      return intBetween(1, 16);
    } else if (kind < 9) {
      return intBetween(0, 70_000);
    }
    return varU64();
  }

  public PublicKey key() {
    return PublicKey.of(bytes(PublicKey.LENGTH));
  }

  public Coordinates coordinates(int depthMax) {
    int depth = intBetween(0, depthMax);
    long[] ports = new long[depth];
    for (int i = 0; i < depth; i++) {
      ports[i] = port();
    }
    return Coordinates.of(ports);
  }

  public Root root() {
    return new Root(key(), varU64());
  }

  public Watermark watermark() {
    return new Watermark(key(), varU64());
  }

  public Signer signer() {
    return Ed25519.signerFromSeed(bytes(Ed25519.SEED_LENGTH));
  }

  public byte[] payload(int lengthMax) {
    return bytes(intBetween(0, lengthMax));
  }

  /** A chain rooted at {@code signers[0]}, each signer appending one hop. */
  public SwitchAnnouncement announcement(Signer[] signers, long rootSequence) {
    SwitchAnnouncement announcement =
        SwitchAnnouncement.rootOnly(new Root(signers[0].publicKey(), rootSequence));
    for (Signer signer : signers) {
      announcement = announcement.signedFor(port(), signer);
    }
    return announcement;
  }

  public SwitchAnnouncement announcement(int depth) {
    Signer[] signers = new Signer[depth];
    for (int i = 0; i < depth; i++) {
      signers[i] = signer();
    }
    return announcement(signers, varU64());
  }

  public SignedRootPayload signedRootPayload(Signer signer) {
    return SignedRootPayload.sign(varU64(), root(), signer);
  }

  public TrafficFrame trafficFrame(int payloadLengthMax) {
    Coordinates destination = nextBoolean() ? Coordinates.ROOT : coordinates(12);
    return new TrafficFrame(
        intBetween(0, 255),
        destination,
        coordinates(12),
        key(),
        key(),
        destination.isRoot() ? watermark() : Watermark.NONE,
        payload(payloadLengthMax));
  }

  public BootstrapFrame bootstrapFrame() {
    Signer signer = signer();
    byte[] payload = nextBoolean() ? signedRootPayload(signer).toBytes() : payload(200);
    return new BootstrapFrame(signer.publicKey(), watermark(), payload);
  }

  public WakeupBroadcastFrame wakeupBroadcastFrame() {
    Signer signer = signer();
    return new WakeupBroadcastFrame(
        intBetween(0, 255), signer.publicKey(), signedRootPayload(signer));
  }

  public TreeAnnouncementFrame treeAnnouncementFrame(int depthMax) {
    return new TreeAnnouncementFrame(announcement(intBetween(1, depthMax)));
  }

  /** A valid frame of any known type. */
  public Frame frame() {
    switch (random.nextInt(5)) {
      case 0:
        return KeepaliveFrame.INSTANCE;
      case 1:
        return treeAnnouncementFrame(6);
      case 2:
        return bootstrapFrame();
      case 3:
        return trafficFrame(300);
      default:
        return wakeupBroadcastFrame();
    }
  }
}
