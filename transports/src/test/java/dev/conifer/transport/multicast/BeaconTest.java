package dev.conifer.transport.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.testing.TestKeys;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeaconTest {
  private static final long SEED = Long.getLong("transports.seed", 99L);

  @Test
  void encodesGoLayoutKeyThenBigEndianPort() {
    PublicKey key = TestKeys.A.publicKey();
    byte[] bytes = new Beacon(key, 0xABCD).encode();
    assertThat(bytes).hasSize(34);
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(key.toHex() + "abcd");
  }

  @Test
  void decodesWhatItEncodesWithoutMovingTheBuffer() {
    ByteBuffer data = ByteBuffer.wrap(new Beacon(TestKeys.B.publicKey(), 60_001).encode());
    assertThat(Beacon.check(data)).isNull();
    Beacon beacon = Beacon.decode(data);
    assertThat(beacon.publicKey()).isEqualTo(TestKeys.B.publicKey());
    assertThat(beacon.tcpPort()).isEqualTo(60_001);
    assertThat(data.position()).isZero();
  }

  @Test
  void rejectsMalformedDatagramsWithAReason() {
    byte[] good = new Beacon(TestKeys.A.publicKey(), 1).encode();
    assertThat(Beacon.check(ByteBuffer.wrap(good, 0, 33))).isEqualTo(Beacon.Reject.TOO_SHORT);
    assertThat(Beacon.check(ByteBuffer.allocate(0))).isEqualTo(Beacon.Reject.TOO_SHORT);
    assertThat(Beacon.check(ByteBuffer.allocate(35))).isEqualTo(Beacon.Reject.TOO_LONG);
    byte[] zeroPort = good.clone();
    zeroPort[32] = 0;
    zeroPort[33] = 0;
    assertThat(Beacon.check(ByteBuffer.wrap(zeroPort))).isEqualTo(Beacon.Reject.ZERO_PORT);
    byte[] zeroKey = new byte[34];
    zeroKey[33] = 1;
    assertThat(Beacon.check(ByteBuffer.wrap(zeroKey))).isEqualTo(Beacon.Reject.ZERO_KEY);
    assertThatThrownBy(() -> Beacon.decode(ByteBuffer.wrap(zeroKey)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arbitraryBytesOnlyEverYieldARejectOrABeacon() {
    Random random = new Random(SEED);
    for (int i = 0; i < 2_000; i++) {
      // Lengths cluster around 34 so that both rejects and valid beacons occur.
      byte[] bytes = new byte[random.nextBoolean() ? 34 : random.nextInt(70)];
      random.nextBytes(bytes);
      ByteBuffer data = ByteBuffer.wrap(bytes);
      Beacon.Reject reject = Beacon.check(data);
      if (reject == null) {
        Beacon beacon = Beacon.decode(data);
        assertThat(beacon.publicKey().toBytes())
            .as("reproduce: -Dtransports.seed=" + SEED + " case " + i)
            .isEqualTo(java.util.Arrays.copyOf(bytes, 32));
        assertThat(beacon.tcpPort()).isEqualTo(((bytes[32] & 0xFF) << 8) | (bytes[33] & 0xFF));
      }
    }
  }
}
