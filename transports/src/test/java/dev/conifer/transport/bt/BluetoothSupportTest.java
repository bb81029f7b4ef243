package dev.conifer.transport.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.Transports;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestClocks;
import dev.conifer.transport.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Without an adapter (as on CI), bt:// fails with one clear line and no stack trace. */
class BluetoothSupportTest {
  @Test
  void withoutAnAdapterBluetoothUrisFailWithOneClearLine() throws Exception {
    String reason = BluetoothSupport.unavailableReason();
    Assumptions.assumeTrue(reason != null, "skipped: this machine has a Bluetooth adapter");
    assertThat(reason).startsWith(BluetoothSupport.DISABLED).doesNotContain("\n");

    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (Transports transports =
        new Transports(
            new FakeAttacher(),
            TestKeys.A,
            Ed25519.VERIFIER,
            TransportConfig.defaults(),
            TestClocks.REAL)) {
      assertThatThrownBy(() -> transports.connect("bt://0123456789AB").get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining(BluetoothSupport.DISABLED);
      assertThatThrownBy(() -> transports.listen("btl2cap://localhost").get(5, TimeUnit.SECONDS))
          .hasMessageContaining(BluetoothSupport.DISABLED);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
  }
}
