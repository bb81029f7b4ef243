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
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *
 * <p>Every case is two or more JVMs that mostly wait on each other (start-up, the handshake, the
 * listener's reply grace, the session idle timeout), so all cases are started when the class
 * starts, on two {@link Lane}s side by side, each with its own relays, keys and files; each test
 * method then awaits and checks its own case. Sizes: one transfer far beyond the stream and
 * connection windows (64 MiB) for integrity at size, 16 MiB three times in a row, and small uploads
 * (0 B, 1 B, 1 MiB) for every listener input.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(900)
class NcTransferIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration TRANSFER = Duration.ofSeconds(120);
  private static final Pattern LISTENING = Pattern.compile("listening on ([0-9a-f]{64})");
  private static final int MIB = 1 << 20;
  private static final int LARGE = 64 * MIB; // 4x the connection window, 16x the stream window
  private static final int[] SMALL = {0, 1, MIB};
  private static final int REPEATED = 3;
  private static final int REPEATED_SIZE = 16 * MIB;

  @TempDir static Path dir;
  private static Path jar;
  private static final List<NodeProcess> relays = new CopyOnWriteArrayList<>();
  private static final List<Process> ncs = new CopyOnWriteArrayList<>();
  private static final Map<String, Future<?>> cases = new ConcurrentHashMap<>();
  private static final List<ExecutorService> lanes = new CopyOnWriteArrayList<>();

  /** What the listener's stdin is. */
  enum ListenerInput {
    AT_EOF, // /dev/null, a script or a service
    HELD_OPEN, // a terminal nobody types in
    SENDING // its own data, a mebibyte
  }

  /**
   * One thread with its own chain of three relays, running its cases one after the other: one nc
   * pair at a time per chain, as a person would, so no other pair's nodes join or leave that
   * overlay mid-transfer. Two lanes and the relay-killed case (its own chain) run side by side.
   */
  private static final class Lane {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<Chain> chain;

    Lane(String name) {
      lanes.add(thread);
      chain = thread.submit(() -> startChain(name, 3));
    }

    void start(String name, ChainCase body) {
      cases.put(
          name,
          thread.submit(
              () -> {
                Chain via = chain.get();
                long t0 = System.nanoTime();
                body.run(via);
                System.out.printf("nc case %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
                return null;
              }));
    }
  }

  private interface ChainCase {
    void run(Chain via) throws Exception;
  }

  @BeforeAll
  static void relayChainsThenEveryCase() throws Exception {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(Files.isRegularFile(built), "target/conifer.jar is missing: run mvn package first");
    jar = Files.copy(built, dir.resolve("conifer.jar"));
    Lane killed = new Lane("doomed");
    Lane a = new Lane("relayA");
    Lane b = new Lane("relayB");
    killed.start("killed", NcTransferIT::relayKilledMidTransfer);
    a.start("large", via -> transfer("large", ListenerInput.AT_EOF, LARGE, via).assertComplete());
    b.start("repeated", NcTransferIT::repeatedTransfers);
    int i = 0;
    for (ListenerInput input : ListenerInput.values()) {
      for (int size : SMALL) {
        String name = "combo-" + input + "-" + size;
        (i++ % 2 == 0 ? b : a)
            .start(name, via -> transfer(name, input, size, via).assertComplete());
      }
    }
  }

  @AfterAll
  static void stopEverything() throws InterruptedException {
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
    for (Process nc : ncs) {
      nc.destroyForcibly();
    }
    for (NodeProcess relay : relays) {
      relay.kill();
    }
  }

  /** Waits for the case {@code name} started in {@link #relayChainsThenEveryCase}. */
  private static void awaitCase(String name) throws Exception {
    try {
      cases.get(name).get(10, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (Exception) e.getCause();
    }
  }

  /** Relays, each connected to the one before, and their listen URIs. */
  private record Chain(List<NodeProcess> relays, List<String> uris) {}

  /** Starts {@code count} relays, each connected to the one before. */
  private static Chain startChain(String name, int count) throws Exception {
    Chain chain = new Chain(new ArrayList<>(), new ArrayList<>());
    List<String> uris = chain.uris();
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
      chain.relays().add(relay);
      relay.waitForLine("public-key", START);
      uris.add(relay.waitForLine("listening", START));
    }
    return chain;
  }

  @Test
  void sixtyFourMebibytesThroughThreeRelaysArriveIntact() throws Exception {
    awaitCase("large");
  }

  @Test
  void sixteenMebibytesThroughThreeRelaysArriveIntactThreeTimesInARow() throws Exception {
    awaitCase("repeated");
  }

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (ListenerInput input : ListenerInput.values()) {
      for (int size : SMALL) {
        all.add(Arguments.of(input, size));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "listener stdin {0}, dialer sends {1} B")
  @MethodSource("combinations")
  void everyCombinationArrivesIntactBothWays(ListenerInput input, int size) throws Exception {
    awaitCase("combo-" + input + "-" + size);
  }

  @Test
  void aRelayKilledMidTransferFailsBothEndsNeverZero() throws Exception {
    awaitCase("killed");
  }

  private static void repeatedTransfers(Chain via) throws Exception {
    for (int i = 0; i < REPEATED; i++) {
      transfer("repeated" + i, ListenerInput.AT_EOF, REPEATED_SIZE, via).assertComplete();
    }
  }

  private static void relayKilledMidTransfer(Chain doomed) throws Exception {
    List<String> uris = doomed.uris();
    NodeProcess middle = doomed.relays().get(1);
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
   * One nc transfer through the class's relays: a listener with {@code input} on its stdin, a
   * dialer sending {@code size} seeded random bytes.
   */
  private static Transfer transfer(String name, ListenerInput input, int size, Chain via)
      throws Exception {
    Path stage = Files.createDirectories(dir.resolve(name));
    byte[] upload = random(size, size + input.ordinal());
    Files.write(stage.resolve("dialer.in"), upload);
    byte[] reply = input == ListenerInput.SENDING ? random(MIB, size + 7L) : new byte[0];
    Files.write(stage.resolve("listener.in"), reply);
    Process listener = startListener(stage, input, via.uris().get(0));
    String key = awaitKey(stage, listener);
    Process dialer =
        startNc(
            stage,
            "dialer",
            stage.resolve("dialer.in").toFile(),
            List.of(key, "--connect", via.uris().get(2)));
    return new Transfer(stage, listener, dialer, size, sha256(upload), sha256(reply));
  }

  private static Process startListener(Path stage, ListenerInput input, String via)
      throws IOException {
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
    Process nc = builder.start();
    ncs.add(nc);
    return nc;
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
      Path stage, Process listener, Process dialer, int size, String uploadSha, String replySha) {
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
          .isEqualTo(uploadSha);
      assertThat(sha256(stage.resolve("dialer.out")))
          .as("what the dialer wrote is what the listener sent")
          .isEqualTo(replySha);
      assertThat(dialerErr).contains("nc: sent " + size + " bytes");
      assertThat(listenerErr).contains("received " + size + " bytes");
    }
  }
}
