package dev.conifer.transfer.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.RendezvousTag;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RendezvousMessageTest {
  static final long NOW = 1_700_000_000_000L;

  static RendezvousRecord record(BlobHash hash, int holder) {
    return RendezvousRecord.sign(hash, RendezvousStoreTest.signer(holder), NOW + holder);
  }

  @Test
  void everyKindRoundTrips() throws Exception {
    BlobHash hash = RendezvousStoreTest.hash(9);
    List<RendezvousRecord> records = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      records.add(record(hash, i));
    }
    List<RendezvousMessage> messages =
        List.of(
            new RendezvousMessage.Put(record(hash, 1)),
            new RendezvousMessage.Query(hash, -42),
            new RendezvousMessage.Answer(hash, 7, List.of()),
            new RendezvousMessage.Answer(hash, 8, records));
    for (RendezvousMessage m : messages) {
      byte[] bytes = RendezvousMessage.encode(m);
      assertThat(RendezvousTag.isTagged(bytes)).isTrue();
      assertThat(bytes[0] & 0x40).as("QUIC fixed bit clear").isZero();
      assertThat(RendezvousMessage.decode(ByteBuffer.wrap(bytes))).isEqualTo(m);
    }
    assertThat(RendezvousMessage.encode(messages.get(0))).hasSize(5 + 1 + 32 + 104);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void truncatedOrPaddedOrAlteredMessagesAreMalformedNotCrashes(long seed) {
    Random random = new Random(seed);
    BlobHash hash = RendezvousStoreTest.hash((int) seed);
    byte[] good =
        RendezvousMessage.encode(
            new RendezvousMessage.Answer(hash, seed, List.of(record(hash, 1), record(hash, 2))));
    for (int i = 0; i < 200; i++) {
      byte[] bad;
      switch (random.nextInt(3)) {
        case 0 -> bad = Arrays.copyOf(good, random.nextInt(good.length));
        case 1 -> bad = Arrays.copyOf(good, good.length + 1 + random.nextInt(8));
        default -> {
          bad = good.clone();
          int at = RendezvousTag.MAGIC.length + random.nextInt(2); // version or kind
          bad[at] = (byte) (bad[at] + 1 + random.nextInt(200));
        }
      }
      byte[] input = bad;
      assertThatThrownBy(() -> RendezvousMessage.decode(ByteBuffer.wrap(input)))
          .as("seed %d, case %d", seed, i)
          .isInstanceOf(RendezvousMessage.MalformedException.class);
    }
  }

  @Test
  void anAnswerClaimingTooManyRecordsIsMalformed() {
    BlobHash hash = RendezvousStoreTest.hash(1);
    byte[] bytes = RendezvousMessage.encode(new RendezvousMessage.Answer(hash, 1, List.of()));
    bytes[bytes.length - 1] = 17;
    assertThatThrownBy(() -> RendezvousMessage.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(RendezvousMessage.MalformedException.class)
        .hasMessageContaining("17 records");
  }
}
