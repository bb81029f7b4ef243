package dev.conifer.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SyntheticAddressesTest {
  private final SyntheticAddresses addresses = new SyntheticAddresses();

  @Test
  void mapsAKeyToAStableUniqueLocalIpv6AddressAndBack() {
    PublicKey a = TestOverlay.signer(1).publicKey();
    PublicKey b = TestOverlay.signer(2).publicKey();
    InetSocketAddress addressA = addresses.addressOf(a);

    assertThat(addressA.isUnresolved()).isFalse();
    assertThat(addressA.getAddress().getAddress()).hasSize(16).startsWith((byte) 0xfd);
    assertThat(addressA.getPort()).isEqualTo(SyntheticAddresses.PORT);
    assertThat(addressA).isEqualTo(SyntheticAddresses.compute(a));
    assertThat(addresses.addressOf(b)).isNotEqualTo(addressA);
    assertThat(addresses.keyOf(addressA)).isEqualTo(a);
  }

  @Test
  void unknownAddressesHaveNoKey() {
    assertThat(addresses.keyOf(SyntheticAddresses.compute(TestOverlay.signer(3).publicKey())))
        .isNull();
  }
}
