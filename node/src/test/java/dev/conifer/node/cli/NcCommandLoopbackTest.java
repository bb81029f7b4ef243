package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.CliRun;
import dev.conifer.node.ConiferNode;
import dev.conifer.node.NativeQuic;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.SeededRandom;
import dev.conifer.snek.crypto.Ed25519;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code conifer nc --listen} and {@code conifer nc KEYHEX}, each a temporary node joined through
 * one relay node on 127.0.0.1, exchange one line each way.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(90)
class NcCommandLoopbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  private static final Pattern LISTENING = Pattern.compile("listening on ([0-9a-f]{64})");
  private ConiferNode relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void oneLineEachWay() throws Exception {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) 0x4e);
    relay =
        ConiferNode.start(
            new NodeConfig(null, List.of(URI.create("tcp://127.0.0.1:0")), List.of(), null, false),
            Ed25519.signerFromSeed(seed),
            new SeededRandom(0x4e),
            new PrintWriter(new StringWriter()));
    String connect = relay.listening().get(0).toString();

    PipedOutputStream listenerInput = new PipedOutputStream();
    PipedInputStream listenerStdin = new PipedInputStream(listenerInput);
    listenerInput.write("pong\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream listenerOut = new ByteArrayOutputStream();
    ByteArrayOutputStream listenerErr = new ByteArrayOutputStream();
    CompletableFuture<CliRun> listener =
        CompletableFuture.supplyAsync(
            () ->
                CliRun.with(
                    listenerStdin,
                    listenerOut,
                    listenerErr,
                    "nc",
                    "--listen",
                    "--alpn",
                    "test/1",
                    "--connect",
                    connect,
                    "--accept-timeout",
                    "60s"));
    await()
        .atMost(DEADLINE)
        .until(() -> listener.isDone() || LISTENING.matcher(text(listenerErr)).find());
    Matcher m = LISTENING.matcher(text(listenerErr));
    NativeQuic.assumeShipped();
    assertThat(m.find()).as("listener started: %s", listener.getNow(null)).isTrue();
    String key = m.group(1);

    PipedOutputStream dialerInput = new PipedOutputStream();
    PipedInputStream dialerStdin = new PipedInputStream(dialerInput);
    ByteArrayOutputStream dialerOut = new ByteArrayOutputStream();
    ByteArrayOutputStream dialerErr = new ByteArrayOutputStream();
    CompletableFuture<CliRun> dialer =
        CompletableFuture.supplyAsync(
            () ->
                CliRun.with(
                    dialerStdin,
                    dialerOut,
                    dialerErr,
                    "nc",
                    key,
                    "--alpn",
                    "test/1",
                    "--connect",
                    connect));
    dialerInput.write("ping\n".getBytes(StandardCharsets.UTF_8));
    dialerInput.flush();

    await().atMost(DEADLINE).until(() -> text(listenerOut).equals("ping\n") || dialer.isDone());
    await().atMost(DEADLINE).until(() -> text(dialerOut).equals("pong\n") || dialer.isDone());
    dialerInput.close(); // EOF: the dialer finishes its side, the listener then ends

    CliRun dialed = dialer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    CliRun listened = listener.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    listenerInput.close();
    assertThat(dialed.exitCode()).as(dialed.err()).isZero();
    assertThat(listened.exitCode()).as(listened.err()).isZero();
    assertThat(dialed.out()).isEqualTo("pong\n");
    assertThat(listened.out()).isEqualTo("ping\n");
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
