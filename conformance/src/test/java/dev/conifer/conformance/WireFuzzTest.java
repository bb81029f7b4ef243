package dev.conifer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Gen;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.UnknownFrame;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import dev.conifer.snek.wire.WireError;
import dev.conifer.snek.wire.WireException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every wire decoder. Each input must decode or be rejected with a
 * {@link WireException}; anything else fails with the seed, iteration and input hex. A successful
 * decode must re-encode to the exact input (strict decoders are canonical), and no decode may
 * allocate more than {@link #allocationBound} bytes: nothing sized from an unchecked length field.
 *
 * <p>{@code -Dfuzz.iterations=N} (default 100,000; {@code -Pfuzz} sets 5,000,000), {@code
 * -Dsnek.seed=N} for another corpus and mutation stream, {@code -Dfuzz.iteration=I} to rerun one.
 */
class WireFuzzTest {
  private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 100_000);
  private static final long SEED = Long.getLong(Gen.SEED_PROPERTY, 0x5EED_2026L);
  private static final Integer ONLY = Integer.getInteger("fuzz.iteration");
  private static final int FRAME_MAX = FrameHeader.FRAME_LENGTH_MAX;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** A decoder under test. It returns normally, or throws WireException, or the test fails. */
  private interface Target {
    void run(ByteBuffer buffer, int offset, byte[] input) throws WireException;
  }

  private final Map<String, Target> targets = new java.util.LinkedHashMap<>();
  private final Map<String, int[]> outcomes = new java.util.LinkedHashMap<>(); // {ok, rejected}
  private final Map<WireError, Integer> reasons = new EnumMap<>(WireError.class);

  WireFuzzTest() {
    targets.put("FrameCodec.decode", WireFuzzTest::decodeFrame);
    targets.put("FrameHeader.check", WireFuzzTest::checkHeader);
    targets.put("Handshake.decode", WireFuzzTest::decodeHandshake);
    targets.put("SwitchAnnouncement.decode", WireFuzzTest::decodeAnnouncement);
    targets.put("SignedRootPayload.decode", WireFuzzTest::decodePayload);
    for (String name : targets.keySet()) {
      outcomes.put(name, new int[2]);
    }
  }

  @Test
  void mutatedInputsDecodeOrAreRejectedWithAReason() {
    List<byte[]> corpus = corpus(SEED);
    boolean measureAllocation =
        THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    int first = ONLY == null ? 0 : ONLY;
    int last = ONLY == null ? ITERATIONS : ONLY + 1;
    for (int i = first; i < last; i++) {
      SplittableRandom random = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + i);
      byte[] base = corpus.get(random.nextInt(corpus.size()));
      byte[] other = corpus.get(random.nextInt(corpus.size()));
      byte[] input = new FrameMutator(random).mutate(base, other);
      // Place the input inside a larger array, so decoders that ignore position or limit fail.
      int offset = random.nextInt(8);
      byte[] backing = new byte[offset + input.length + random.nextInt(8)];
      random.nextBytes(backing);
      System.arraycopy(input, 0, backing, offset, input.length);
      for (Map.Entry<String, Target> target : targets.entrySet()) {
        ByteBuffer buffer = ByteBuffer.wrap(backing, offset, input.length);
        runOne(target.getKey(), target.getValue(), buffer, offset, input, i, measureAllocation);
      }
    }
    System.out.println(
        "fuzzed "
            + (last - first)
            + " inputs, seed "
            + SEED
            + "; {accepted, rejected} per decoder: "
            + summary()
            + "; rejections by reason: "
            + reasons);
    if (ONLY == null) {
      for (Map.Entry<String, int[]> outcome : outcomes.entrySet()) {
        // Not vacuous: every decoder saw both valid and invalid inputs.
        assertThat(outcome.getValue()).as(outcome.getKey()).doesNotContain(0);
      }
      assertThat(outcomes.get("FrameCodec.decode")[0]).isGreaterThan(ITERATIONS / 100);
    }
  }

  private void runOne(
      String name,
      Target target,
      ByteBuffer buffer,
      int offset,
      byte[] input,
      int iteration,
      boolean measureAllocation) {
    long before = measureAllocation ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    boolean ok = false;
    try {
      target.run(buffer, offset, input);
      ok = true;
    } catch (WireException e) {
      if (e.reason() == null || e.getMessage() == null || e.getMessage().isEmpty()) {
        throw failure(name, iteration, input, "rejection without a reason", e);
      }
      reasons.merge(e.reason(), 1, Integer::sum);
    } catch (Throwable t) {
      throw failure(name, iteration, input, "unexpected " + t, t);
    }
    outcomes.get(name)[ok ? 0 : 1]++;
    if (measureAllocation) {
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      long bound = allocationBound(input.length) + verifyAllowance(name);
      if (allocated > bound) {
        // The first run of a code path may load classes or link call sites; only a repeat counts.
        long again = THREADS.getCurrentThreadAllocatedBytes();
        try {
          target.run(ByteBuffer.wrap(input), 0, input);
        } catch (WireException expected) {
          // Same outcome as before.
        } catch (Throwable t) {
          throw failure(name, iteration, input, "unexpected on rerun " + t, t);
        }
        allocated = THREADS.getCurrentThreadAllocatedBytes() - again;
        if (allocated > bound) {
          throw failure(
              name, iteration, input, "allocated " + allocated + " bytes, bound " + bound, null);
        }
      }
    }
  }

  static long allocationBound(int inputLength) {
    return 8L * inputLength + 4096;
  }

  /**
   * Handshake.decode checks one real Ed25519 signature, and BouncyCastle's verify allocates a fixed
   * ~8 KB of scratch per call: constant, not driven by the input, so it gets a fixed allowance.
   */
  private static long verifyAllowance(String target) {
    return target.equals("Handshake.decode") ? 16 * 1024 : 0;
  }

  private static AssertionError failure(
      String target, int iteration, byte[] input, String what, Throwable cause) {
    return new AssertionError(
        target
            + ": "
            + what
            + "\nreproduce: -D"
            + Gen.SEED_PROPERTY
            + "="
            + SEED
            + " -Dfuzz.iteration="
            + iteration
            + "\ninput: "
            + Vectors.HEX.formatHex(input),
        cause);
  }

  private String summary() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, int[]> e : outcomes.entrySet()) {
      sb.append(e.getKey()).append('=').append(Arrays.toString(e.getValue())).append(' ');
    }
    return sb.toString().strip();
  }

  private static void decodeFrame(ByteBuffer buffer, int offset, byte[] input)
      throws WireException {
    Frame frame = FrameCodec.decode(buffer, FRAME_MAX);
    assertThat(buffer.hasRemaining()).as("decode consumes the frame").isFalse();
    assertThat(FrameHeader.check(ByteBuffer.wrap(input), 0, FRAME_MAX)).isEqualTo(input.length);
    if (!(frame instanceof UnknownFrame)) {
      assertThat(FrameCodec.encode(frame))
          .as("canonical re-encoding")
          .isEqualTo(withIgnoredHeaderBytesCleared(frame, input));
    }
  }

  /**
   * The header bytes Go ignores on receive (the extra byte, and the hop limit of types that do not
   * use one) are accepted as anything and re-encoded as 0.
   */
  private static byte[] withIgnoredHeaderBytesCleared(Frame frame, byte[] input) {
    byte[] expected = input.clone();
    expected[FrameHeader.EXTRA_OFFSET] = 0;
    if (!(frame instanceof TrafficFrame) && !(frame instanceof WakeupBroadcastFrame)) {
      expected[FrameHeader.HOP_LIMIT_OFFSET] = 0;
    }
    return expected;
  }

  private static void checkHeader(ByteBuffer buffer, int offset, byte[] input)
      throws WireException {
    int length = FrameHeader.check(buffer, offset, FRAME_MAX);
    assertThat(length).isBetween(FrameHeader.LENGTH, FRAME_MAX);
    assertThat(length).isEqualTo(FrameHeader.frameLength(buffer, offset));
    assertThat(buffer.position()).as("check reads absolutely").isEqualTo(offset);
  }

  private static void decodeHandshake(ByteBuffer buffer, int offset, byte[] input)
      throws WireException {
    PublicKey key = Handshake.decode(buffer, Ed25519.VERIFIER);
    assertThat(key).isEqualTo(PublicKey.read(ByteBuffer.wrap(input), 8));
    assertThat(buffer.hasRemaining()).isFalse();
  }

  private static void decodeAnnouncement(ByteBuffer buffer, int offset, byte[] input)
      throws WireException {
    SwitchAnnouncement announcement = SwitchAnnouncement.decode(buffer);
    assertThat(announcement.toBytes()).as("canonical re-encoding").isEqualTo(input);
    // Walk the chain with a verifier that only checks it is handed sane ranges.
    assertThat(announcement.verify(BOUNDS_CHECKING_VERIFIER)).isTrue();
    announcement.receiverCoordinates();
    announcement.senderCoordinates();
  }

  private static void decodePayload(ByteBuffer buffer, int offset, byte[] input)
      throws WireException {
    SignedRootPayload payload = SignedRootPayload.decode(buffer);
    assertThat(payload.toBytes()).as("canonical re-encoding").isEqualTo(input);
  }

  private static final Verifier BOUNDS_CHECKING_VERIFIER =
      (key, message, offset, length, signature) ->
          offset >= 0 && length >= 0 && offset + length <= message.length && signature.length == 64;

  /** Valid inputs of every kind the decoders take, from a seeded generator and the vectors. */
  static List<byte[]> corpus(long seed) {
    Gen gen = new Gen(seed);
    List<byte[]> corpus = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      corpus.add(FrameCodec.encode(gen.frame()));
    }
    for (int i = 0; i < 8; i++) {
      corpus.add(Handshake.encode(gen.signer()));
      corpus.add(gen.announcement(gen.intBetween(1, 8)).toBytes());
      corpus.add(gen.signedRootPayload(gen.signer()).toBytes());
      byte[] unknown = gen.bytes(FrameHeader.LENGTH + gen.intBetween(0, 40));
      FrameHeader.write(
          ByteBuffer.wrap(unknown),
          0,
          dev.conifer.snek.wire.FrameType.KEEPALIVE,
          gen.intBetween(0, 255),
          unknown.length);
      unknown[FrameHeader.TYPE_OFFSET] = (byte) gen.intBetween(5, 255);
      corpus.add(unknown);
    }
    for (String vector :
        new String[] {
          "handshake_a.hex",
          "keepalive.frame.hex",
          "announcement_b_port300.frame.hex",
          "bootstrap_a.frame.hex",
          "broadcast_b.frame.hex",
          "traffic_tree_b_to_a.frame.hex",
          "traffic_snek_b_to_a.frame.hex"
        }) {
      corpus.add(Vectors.hex(vector));
    }
    return corpus;
  }
}
