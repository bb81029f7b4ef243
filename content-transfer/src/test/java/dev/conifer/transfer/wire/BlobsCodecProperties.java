package dev.conifer.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.Blake3Test;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.VerifiedGroup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arbitrary bytes only ever produce a typed rejection (BlobsException), never an unchecked
 * exception; encode/decode round-trips. Seeded; a failure prints the seed.
 */
class BlobsCodecProperties {
  static final int ITERATIONS = 2000;

  static ByteBuffer randomPayload(Random rnd) {
    byte[] b = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(80) : rnd.nextInt(20_000)];
    rnd.nextBytes(b);
    if (b.length >= 36 && rnd.nextBoolean()) {
      b[32] = 0;
      b[33] = (byte) rnd.nextInt(3); // plausible range counts
    }
    return ByteBuffer.wrap(b);
  }

  interface Decoder {
    void decode(ByteBuffer p) throws BlobsException;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void decodersRejectGarbageWithTypedErrorsOnly(long seed) {
    Random rnd = new Random(seed);
    List<Decoder> decoders =
        List.of(
            p -> BlobsCodec.decodeGet(p, 64),
            BlobsCodec::decodeHave,
            BlobsCodec::decodeHaveReply,
            BlobsCodec::decodeAnnounce,
            p -> BlobsCodec.decodeError(p));
    for (int i = 0; i < ITERATIONS; i++) {
      for (Decoder d : decoders) {
        ByteBuffer p = randomPayload(rnd);
        try {
          d.decode(p);
        } catch (BlobsException expected) {
          // a typed rejection is the only acceptable failure
        } catch (RuntimeException e) {
          throw new AssertionError("reproduce: seed=" + seed + " iteration " + i, e);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6})
  void verifierFedRandomFramesOnlyRejects(long seed) {
    Random rnd = new Random(seed);
    BlobHash hash = BlobHash.ofContent(Blake3Test.pattern(100_000));
    byte[] types = {
      BlobsCodec.SIZE, BlobsCodec.PARENT, BlobsCodec.GROUP, BlobsCodec.DONE, BlobsCodec.ERROR, 7
    };
    for (int i = 0; i < ITERATIONS / 10; i++) {
      GetVerifier v = new GetVerifier(hash, new long[] {0}, new long[] {100_000}, -1);
      try {
        v.handleFrame(BlobsCodec.SIZE, ByteBuffer.allocate(8).putLong(0, rnd.nextInt(200_000)));
        for (int f = 0; f < 20; f++) {
          byte type = types[rnd.nextInt(types.length)];
          ByteBuffer p =
              type == BlobsCodec.PARENT
                  ? ByteBuffer.wrap(randomBytes(rnd, 64))
                  : randomPayload(rnd);
          VerifiedGroup g = v.handleFrame(type, p);
          assertThat(g).as("reproduce: seed=%d: random data never verifies", seed).isNull();
        }
      } catch (BlobsException expected) {
        // rejected: fine
      } catch (RuntimeException e) {
        throw new AssertionError("reproduce: seed=" + seed + " iteration " + i, e);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void encodeDecodeRoundTrips(long seed) throws BlobsException {
    Random rnd = new Random(seed);
    for (int i = 0; i < 200; i++) {
      BlobHash h = BlobHash.of(randomBytes(rnd, 32));
      int n = 1 + rnd.nextInt(64);
      long[] offsets = new long[n];
      long[] lengths = new long[n];
      for (int j = 0; j < n; j++) {
        offsets[j] = rnd.nextLong() >>> 2;
        lengths[j] = 1 + (rnd.nextLong() >>> 3);
      }
      ByteBuffer f = BlobsCodec.encodeGet(h, offsets, lengths);
      f.position(BlobsCodec.HEADER_LENGTH);
      BlobsCodec.GetRequest r = BlobsCodec.decodeGet(f.slice(), 64);
      assertThat(r.hash()).as("reproduce: seed=%d", seed).isEqualTo(h);
      assertThat(r.offsets()).isEqualTo(offsets);
      assertThat(r.lengths()).isEqualTo(lengths);
      GroupRanges ranges = GroupRanges.of(rnd.nextInt(100), 100 + rnd.nextInt(100));
      ByteBuffer hr = BlobsCodec.encodeHaveReply(12345, ranges);
      hr.position(BlobsCodec.HEADER_LENGTH);
      assertThat(BlobsCodec.decodeHaveReply(hr.slice()).ranges()).isEqualTo(ranges);
    }
  }

  static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
