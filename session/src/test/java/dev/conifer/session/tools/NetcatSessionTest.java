package dev.conifer.session.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.router.Router;
import dev.conifer.session.QuicAvailable;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code conifer nc} both ways through a relay, with byte-exact output. */
@Tag("quic")
@Timeout(60)
class NetcatSessionTest {
  private final TestOverlay overlay = new TestOverlay();

  @BeforeEach
  void quic() {
    QuicAvailable.assume();
  }

  @AfterEach
  void close() {
    overlay.close();
  }

  @Test
  void pipesBothWaysAndBothEndsExitZero() throws Exception {
    byte[] upload = new byte[3 << 20];
    new SplittableRandom(42).nextBytes(upload);
    pipesBothWays(upload, "greetings from the listener\n".getBytes(StandardCharsets.UTF_8));
  }

  /** Regression: the listener once sent its FIN on the client's, cutting off its own input. */
  @Test
  void aShortClientInputStillGetsTheWholeReply() throws Exception {
    byte[] download = new byte[2 << 20];
    new SplittableRandom(43).nextBytes(download);
    pipesBothWays("hi\n".getBytes(StandardCharsets.UTF_8), download);
  }

  private void pipesBothWays(byte[] upload, byte[] download) throws Exception {
    List<Router> r = overlay.chain(1, 3);
    Sessions listener = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions client = overlay.sessions(r.get(2), 3, SessionConfig.defaults());

    ByteArrayOutputStream listenerOut = new ByteArrayOutputStream();
    ByteArrayOutputStream listenerErr = new ByteArrayOutputStream();
    CompletableFuture<Integer> listening =
        CompletableFuture.supplyAsync(
            () ->
                NetcatSession.listen(
                    listener,
                    "nc-test",
                    new ByteArrayInputStream(download),
                    listenerOut,
                    new PrintStream(listenerErr, true, StandardCharsets.UTF_8),
                    Duration.ofSeconds(30),
                    true));

    ByteArrayOutputStream clientOut = new ByteArrayOutputStream();
    ByteArrayOutputStream clientErr = new ByteArrayOutputStream();
    int code =
        NetcatSession.dial(
            client,
            listener.publicKey(),
            "nc-test",
            new ByteArrayInputStream(upload),
            clientOut,
            new PrintStream(clientErr, true, StandardCharsets.UTF_8),
            true);

    assertThat(code).as(clientErr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(listening.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(listenerOut.toByteArray()).isEqualTo(upload);
    assertThat(clientOut.toByteArray()).isEqualTo(download);
    assertThat(listenerErr.toString(StandardCharsets.UTF_8))
        .contains("listening on " + listener.publicKey().toHex())
        .contains("connection from " + client.publicKey().toHex());
  }

  @Test
  void dialingNobodyExitsWithTheNoPeerCodeAndNamesTheKey() {
    List<Router> r = overlay.chain(1, 2);
    Sessions client =
        overlay.sessions(
            r.get(0), 1, SessionConfig.defaults().withDialTimeout(Duration.ofMillis(500)));
    var nobody = TestOverlay.signer(99).publicKey();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        NetcatSession.dial(
            client,
            nobody,
            "nc-test",
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    assertThat(code).isEqualTo(NetcatSession.NO_PEER);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(nobody.toHex());
  }
}
