package dev.conifer.node.cli;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.NodeUris;
import dev.conifer.node.SystemClocks;
import dev.conifer.node.UserException;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conifer ping}: starts a temporary node with a fresh key, peers it with {@code --connect},
 * waits for a route to the target, measures round trips to it (the target must run {@code --echo})
 * and prints one summary line. Exits 1 if nothing came back.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Measure round trips to a node running --echo, through a temporary node peered with"
            + " --connect. Prints one line: sent= received= lost= packets/s= MB/s="
            + " rtt_p50_ms= rtt_p99_ms=")
public final class PingCommand implements Callable<Integer> {
  static final int PAYLOAD_LENGTH_MAX = 65_000;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--connect",
      required = true,
      paramLabel = "URI",
      description = "Peer to join the network through: tcp://HOST:PORT, HOST:PORT or ws://…")
  String connect;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Payloads to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      defaultValue = "1024",
      description = "Bytes per payload, 24..65000 (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--window",
      paramLabel = "W",
      defaultValue = "16",
      description = "Payloads in flight at most (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "A payload not back within D is lost (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--wait",
      paramLabel = "D",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the first echo, i.e. a route (default: ${DEFAULT-VALUE}).")
  Duration routeWait;

  @Parameters(paramLabel = "KEYHEX", description = "Public key (64 hex digits) of the echo node.")
  String target;

  public PingCommand() {}

  /** Checks the options; every mistake is a {@link UserException}. */
  Pinger.Settings settings() {
    if (count < 1) {
      throw new UserException("--count must be at least 1, got " + count);
    }
    if (window < 1) {
      throw new UserException("--window must be at least 1, got " + window);
    }
    if (size < Pinger.HEADER_LENGTH || size > PAYLOAD_LENGTH_MAX) {
      throw new UserException(
          "--size must be " + Pinger.HEADER_LENGTH + ".." + PAYLOAD_LENGTH_MAX + ", got " + size);
    }
    if (timeout.isZero() || routeWait.isZero()) {
      throw new UserException("--timeout and --wait must be positive");
    }
    return new Pinger.Settings(count, size, window, timeout, routeWait);
  }

  PublicKey targetKey() {
    try {
      return PublicKey.fromHex(target.strip());
    } catch (IllegalArgumentException e) {
      throw new UserException("KEYHEX: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Pinger.Settings settings = Conifer.validated(spec, this::settings);
    PublicKey key = Conifer.validated(spec, this::targetKey);
    URI peer =
        Conifer.validated(
            spec,
            () -> NodeUris.requireConnectable("--connect", NodeUris.parse("--connect", connect)));
    SecureRandom random = new SecureRandom();
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    random.nextBytes(seed);
    NodeConfig config = new NodeConfig(null, List.of(), List.of(), null, false);
    try (ConiferNode node =
        ConiferNode.start(
            config, Ed25519.signerFromSeed(seed), random, new PrintWriter(Writer.nullWriter()))) {
      connect(node, peer);
      PingResult result =
          new Pinger(node.router(), key, settings, SystemClocks.NANO, random.nextInt()).run();
      if (result == null) {
        throw new UserException(
            "no echo from "
                + key.toHex()
                + " within "
                + routeWait.toSeconds()
                + " s: no route yet, or it does not run --echo");
      }
      spec.commandLine().getOut().println(result.summaryLine());
      spec.commandLine().getOut().flush();
      return result.received() > 0 ? 0 : Conifer.EXIT_FAILURE;
    }
  }

  static void connect(ConiferNode node, URI peer) throws InterruptedException {
    try {
      node.transports().connect(peer).get(CONNECT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw ConiferNode.failure(
          "cannot connect to " + peer, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw new UserException(
          "cannot connect to "
              + peer
              + ": no handshake within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s",
          e);
    }
  }
}
