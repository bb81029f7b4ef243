package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conifer nc} as a person runs it: the real jar in separate processes, a listener joined at
 * one end of a chain of three {@code conifer node} relays on 127.0.0.1 and a dialer at the other,
 * stdin and stdout redirected to files, both directions checked with SHA-256. Exit 0 must mean
 * every byte arrived; a relay killed mid-transfer must fail both ends.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(900)
class NcTransferIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration TRANSFER = Duration.ofSeconds(120);
  private static final Pattern LISTENING = Pattern.compile("listening on ([0-9a-f]{64})");
  private static final int MIB = 1 << 20;

  @TempDir static Path dir;
  private static Path jar;
  private static final List<NodeProcess> relays = new ArrayList<>();
  private static String first;
  private static String last;

  /** What the listener's stdin is. */
  enum ListenerInput {
    AT_EOF, // /dev/null, a script or a service
    HELD_OPEN, // a terminal nobody types in
    SENDING // its own data, a mebibyte
  }

  @BeforeAll
  static void chainOfThreeRelays() throws Exception {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(Files.isRegularFile(built), "target/conifer.jar is missing: run mvn package first");
    jar = Files.copy(built, dir.resolve("conifer.jar"));
    List<String> uris = startChain("relay", 3);
    first = uris.get(0);
    last = uris.get(2);
  }

  @AfterAll
  static void stopRelays() throws InterruptedException {
    for (NodeProcess relay : relays) {
      relay.kill();
    }
  }

  /** Starts {@code count} relays, each connected to the one before; returns their listen URIs. */
  private static List<String> startChain(String name, int count) throws Exception {
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "node",
                  "--key",
                  dir.resolve(name + i + ".key").toString(),
                  "--admin",
                  "off",
                  "--listen",
                  "tcp://127.0.0.1:0"));
      if (i > 0) {
        args.addAll(List.of("--connect", uris.get(i - 1)));
      }
      NodeProcess relay = NodeProcess.start(jar, dir, name + i, args);
      relays.add(relay);
      relay.waitForLine("public-key", START);
      uris.add(relay.waitForLine("listening", START));
    }
    return uris;
  }

  @Test
  void thirtyTwoMebibytesThroughThreeRelaysArriveIntactTwentyTimesInARow() throws Exception {
    byte[] upload = random(32 * MIB, 32);
    for (int i = 0; i < 20; i++) {
      Transfer t = transfer("run" + i, ListenerInput.AT_EOF, upload, first, last);
      t.assertComplete();
    }
  }

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (ListenerInput input : ListenerInput.values()) {
      for (int size : new int[] {0, 1, MIB, 64 * MIB}) {
        all.add(Arguments.of(input, size));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "listener stdin {0}, dialer sends {1} B")
  @MethodSource("combinations")
  void everyCombinationArrivesIntactBothWays(ListenerInput input, int size) throws Exception {
    byte[] upload = random(size, size + input.ordinal());
    transfer("combo-" + input + "-" + size, input, upload, first, last).assertComplete();
  }

  @Test
  void aRelayKilledMidTransferFailsBothEndsNeverZero() throws Exception {
    List<String> uris = startChain("doomed", 3);
    NodeProcess middle = relays.get(relays.size() - 2);
    Path stage = Files.createDirectories(dir.resolve("killed"));
    Process listener = startListener(stage, ListenerInput.AT_EOF, uris.get(0));
    String key = awaitKey(stage, listener);
    // An endless upload from a pipe: the transfer is still running when the relay dies.
    Process dialer = startNc(stage, "dialer", null, List.of(key, "--connect", uris.get(2)));
    Thread feeder = feed(dialer.getOutputStream());
    await()
        .atMost(TRANSFER)
        .until(() -> Files.size(stage.resolve("listener.out")) > 4 * MIB || !dialer.isAlive());
    long killedAt = System.nanoTime();
    middle.kill();

    assertThat(dialer.waitFor(60, TimeUnit.SECONDS)).as("the dialer ends").isTrue();
    assertThat(listener.waitFor(60, TimeUnit.SECONDS)).as("the listener ends").isTrue();
    feeder.interrupt();
    System.out.printf(
        "nc after a relay died: both ended within %d ms%n",
        (System.nanoTime() - killedAt) / 1_000_000);
    String dialerErr = Files.readString(stage.resolve("dialer.err"));
    String listenerErr = Files.readString(stage.resolve("listener.err"));
    assertThat(dialer.exitValue()).as(dialerErr).isEqualTo(1);
    assertThat(listener.exitValue()).as(listenerErr).isEqualTo(1);
    assertThat(dialerErr).containsPattern("nc: failed after sending [0-9]+ bytes");
    assertThat(listenerErr).containsPattern("nc: failed after sending [0-9]+ bytes");
  }

  /**
   * One nc transfer: a listener with {@code input} on its stdin, a dialer sending {@code upload}.
   */
  private Transfer transfer(
      String name, ListenerInput input, byte[] upload, String listenerVia, String dialerVia)
      throws Exception {
    Path stage = Files.createDirectories(dir.resolve(name));
    Files.write(stage.resolve("dialer.in"), upload);
    byte[] reply = input == ListenerInput.SENDING ? random(MIB, upload.length + 7L) : new byte[0];
    Files.write(stage.resolve("listener.in"), reply);
    Process listener = startListener(stage, input, listenerVia);
    String key = awaitKey(stage, listener);
    Process dialer =
        startNc(
            stage,
            "dialer",
            stage.resolve("dialer.in").toFile(),
            List.of(key, "--connect", dialerVia));
    return new Transfer(stage, listener, dialer, upload, reply);
  }

  private Process startListener(Path stage, ListenerInput input, String via) throws IOException {
    File stdin =
        switch (input) {
          case AT_EOF -> new File("/dev/null");
          case HELD_OPEN -> null; // a pipe this test keeps open until the listener has exited
          case SENDING -> stage.resolve("listener.in").toFile();
        };
    return startNc(
        stage,
        "listener",
        stdin,
        List.of("--listen", "--connect", via, "--accept-timeout", TRANSFER.toSeconds() + "s"));
  }

  private static String awaitKey(Path stage, Process listener) {
    Path err = stage.resolve("listener.err");
    String[] key = new String[1];
    await()
        .atMost(START)
        .until(
            () -> {
              Matcher m = LISTENING.matcher(Files.exists(err) ? Files.readString(err) : "");
              if (m.find()) {
                key[0] = m.group(1);
                return true;
              }
              assertThat(listener.isAlive()).as("listener: %s", Files.readString(err)).isTrue();
              return false;
            });
    return key[0];
  }

  /**
   * Starts {@code conifer nc -v --alpn conifer-test/nc ARGS}; stdin from {@code stdin} or a pipe.
   */
  private static Process startNc(Path stage, String name, File stdin, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(NodeProcess.JVM_FLAGS);
    command.addAll(List.of("-jar", jar.toString(), "nc", "-v", "--alpn", "conifer-test/nc"));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(stage.resolve(name + ".out").toFile())
            .redirectError(stage.resolve(name + ".err").toFile());
    if (stdin != null) {
      builder.redirectInput(stdin);
    }
    return builder.start();
  }

  private static Thread feed(OutputStream to) {
    Thread t =
        new Thread(
            () -> {
              byte[] chunk = random(64 << 10, 99);
              try (to) {
                while (!Thread.currentThread().isInterrupted()) {
                  to.write(chunk);
                }
              } catch (IOException e) {
                // the dialer exited: that is what the test waits for
              }
            },
            "nc-feeder");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private record Transfer(
      Path stage, Process listener, Process dialer, byte[] upload, byte[] reply) {
    void assertComplete() throws Exception {
      boolean dialerDone = dialer.waitFor(TRANSFER.toSeconds(), TimeUnit.SECONDS);
      String dialerErr = Files.readString(stage.resolve("dialer.err"));
      if (!dialerDone) {
        dialer.destroyForcibly();
      }
      assertThat(dialerDone).as("dialer ended: %s", dialerErr).isTrue();
      if (dialer.exitValue() != 0) { // the listener would wait for a dialer that never came
        listener.destroyForcibly();
      }
      assertThat(dialer.exitValue()).as("dialer: %s", dialerErr).isZero();
      boolean listenerDone = listener.waitFor(TRANSFER.toSeconds(), TimeUnit.SECONDS);
      listener.getOutputStream().close(); // a held-open stdin ends only now
      String listenerErr = Files.readString(stage.resolve("listener.err"));
      if (!listenerDone) {
        listener.destroyForcibly();
      }
      assertThat(listenerDone).as("listener ended: %s", listenerErr).isTrue();
      assertThat(listener.exitValue()).as("listener: %s", listenerErr).isZero();
      assertThat(sha256(stage.resolve("listener.out")))
          .as("what the listener wrote is what the dialer read from its stdin")
          .isEqualTo(sha256(upload));
      assertThat(sha256(stage.resolve("dialer.out")))
          .as("what the dialer wrote is what the listener sent")
          .isEqualTo(sha256(reply));
      assertThat(dialerErr).contains("nc: sent " + upload.length + " bytes");
      assertThat(listenerErr).contains("received " + upload.length + " bytes");
    }
  }
}
