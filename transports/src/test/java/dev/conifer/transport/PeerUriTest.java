package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerUriTest {
  @ParameterizedTest
  @CsvSource({
    "tcp://127.0.0.1:7000, TCP, 127.0.0.1, 7000",
    "127.0.0.1:7000, TCP, 127.0.0.1, 7000",
    "[::1]:7000, TCP, ::1, 7000",
    "tcp://[::1]:0, TCP, ::1, 0",
    "ws://127.0.0.1:65432/simws?node=A, WS, 127.0.0.1, 65432",
    "ws://example.org/, WS, example.org, 80",
    "wss://example.org, WSS, example.org, 443",
    "TCP://localhost:1, TCP, localhost, 1",
    "quic://127.0.0.1:7000, QUIC, 127.0.0.1, 7000",
    "quic://[::1]:0, QUIC, ::1, 0",
    "bt://0123456789ab, BT, 0123456789AB, 0",
    "bt://01:23:45:67:89:AB, BT, 0123456789AB, 0",
    "btspp://0123456789AB:3, BTSPP, 0123456789AB, 3",
    "btl2cap://0123456789AB:4097, BTL2CAP, 0123456789AB, 4097",
    "btl2cap://localhost, BTL2CAP, localhost, 0",
  })
  void parsesSupportedForms(String text, PeerUri.Scheme scheme, String host, int port) {
    PeerUri uri = PeerUri.parse(text);
    assertThat(uri.scheme()).isEqualTo(scheme);
    assertThat(uri.host()).isEqualTo(host);
    assertThat(uri.port()).isEqualTo(port);
    assertThat(uri.toString()).isEqualTo(text);
  }

  @Test
  void keepsPathAndQueryOfWebSocketAddresses() {
    PeerUri uri = PeerUri.of(URI.create("ws://127.0.0.1:65432/simws?node=A"));
    assertThat(uri.uri().getRawPath()).isEqualTo("/simws");
    assertThat(uri.uri().getRawQuery()).isEqualTo("node=A");
  }

  @ParameterizedTest
  @CsvSource({
    "quic://127.0.0.1:7000, QUIC, 127.0.0.1, 7000",
    "btspp://0123456789AB:3, BTSPP, 0123456789AB, 3",
    "bt://00:11:22:33:44:55, BT, 001122334455, 0",
    "btl2cap://localhost, BTL2CAP, localhost, 0",
  })
  void readsQuicAndBluetoothFromJavaUris(
      String text, PeerUri.Scheme scheme, String host, int port) {
    PeerUri uri = PeerUri.of(URI.create(text)); // the node passes java.net.URI objects
    assertThat(uri.scheme()).isEqualTo(scheme);
    assertThat(uri.host()).isEqualTo(host);
    assertThat(uri.port()).isEqualTo(port);
  }

  @Test
  void readsAGoStyleAddressThatJavaTookForAScheme() {
    PeerUri uri = PeerUri.of(URI.create("localhost:7000"));
    assertThat(uri.scheme()).isEqualTo(PeerUri.Scheme.TCP);
    assertThat(uri.host()).isEqualTo("localhost");
    assertThat(uri.port()).isEqualTo(7000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "quic://127.0.0.1 | has no port",
        "quic://127.0.0.1:7000/x | must not have a path",
        "bt://00:11:22:33:44 | invalid Bluetooth address",
        "btspp://0123456789AB:70000 | out of range",
        "http://127.0.0.1:7000 | unsupported scheme 'http'",
        "tcp://127.0.0.1 | has no port",
        "127.0.0.1 | has no port",
        "tcp://127.0.0.1:99999 | ",
        "tcp://127.0.0.1:7000/path | must not have a path",
        "tcp://:7000 | ",
        "' ' | empty peer address",
      })
  void rejectsWithAClearMessage(String text, String message) {
    assertThatThrownBy(() -> PeerUri.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message == null ? "" : message);
  }
}
