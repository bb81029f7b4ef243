package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportConfigTest {
  @Test
  void defaultsFollowGo() {
    TransportConfig config = TransportConfig.defaults();
    assertThat(config.handshakeTimeoutNs()).isEqualTo(10 * TransportConfig.SECOND_NS);
    assertThat(config.dialTimeoutNs()).isEqualTo(5 * TransportConfig.SECOND_NS);
    assertThat(config.backoffMaxNs()).isEqualTo(3600 * TransportConfig.SECOND_NS);
    assertThat(config.frameLengthMax()).isEqualTo(65535);
  }

  @Test
  void builderChangesOnlyWhatItIsTold() {
    TransportConfig config =
        TransportConfig.defaults().toBuilder().handshakeTimeoutNs(5).ioThreadCount(2).build();
    assertThat(config.handshakeTimeoutNs()).isEqualTo(5);
    assertThat(config.ioThreadCount()).isEqualTo(2);
    assertThat(config.dialTimeoutNs()).isEqualTo(TransportConfig.defaults().dialTimeoutNs());
  }

  @Test
  void rejectsNonsense() {
    TransportConfig.Builder builder = TransportConfig.defaults().toBuilder();
    assertThatThrownBy(() -> builder.frameLengthMax(70_000).build())
        .hasMessageContaining("frameLengthMax");
    assertThatThrownBy(() -> TransportConfig.defaults().toBuilder().backoff(10, 5, 0).build())
        .hasMessageContaining("backoffMaxNs");
    assertThatThrownBy(() -> TransportConfig.defaults().toBuilder().backoff(1, 5, 1.0).build())
        .hasMessageContaining("backoffJitter");
    assertThatThrownBy(
            () -> TransportConfig.defaults().toBuilder().writeBufferWaterMarks(10, 5).build())
        .hasMessageContaining("writeBufferHighWaterMark");
    assertThatThrownBy(() -> TransportConfig.defaults().toBuilder().handshakeTimeoutNs(0).build())
        .hasMessageContaining("handshakeTimeoutNs");
  }
}
