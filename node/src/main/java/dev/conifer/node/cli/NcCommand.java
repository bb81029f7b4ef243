package dev.conifer.node.cli;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.UserException;
import dev.conifer.session.tools.NetcatSession;
import dev.conifer.snek.wire.PublicKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conifer nc}: netcat over an encrypted QUIC session stream, through a temporary node joined
 * with {@code --connect}. The piping is the session module's {@link NetcatSession}.
 */
@Command(
    name = "nc",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Pipe stdin and stdout through an encrypted session stream over the overlay.",
      "  conifer nc --listen --alpn X --connect URI   accept one stream (key printed on stderr)",
      "  conifer nc KEYHEX --alpn X --connect URI      dial KEYHEX",
      "The dialer exits 0 only after the listener has read every byte; the listener exits 0",
      "only after the dialer has confirmed what it sent (docs/NODE.md).",
      "Exit codes: 0 done, 1 session or I/O error or an unconfirmed transfer,",
      "2 usage error or nobody connected in time."
    })
public final class NcCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", description = "Accept one stream instead of dialling.")
  boolean listen;

  @Option(
      names = "--alpn",
      required = true,
      paramLabel = "X",
      description = "Application protocol name both sides agree on.")
  String alpn;

  @Option(
      names = "--connect",
      paramLabel = "URI",
      description = "Peer to join the network through: tcp://HOST:PORT, HOST:PORT or ws://…")
  String connect;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      converter = KeyPathConverter.class,
      description = "Identity key file to use (default: a fresh key for this run).")
  Path key;

  @Option(
      names = "--accept-timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "With --listen: give up if nobody connects within D (default: wait forever).")
  Duration acceptTimeout;

  @Parameters(
      arity = "0..1",
      paramLabel = "KEYHEX",
      description = "Public key (64 hex digits) of the listener to dial.")
  String target;

  public NcCommand() {}

  /** Checks the options; every mistake is a {@link UserException}. */
  PublicKey targetKey() {
    if (listen) {
      if (target != null) {
        throw new UserException("give either --listen or KEYHEX, not both");
      }
      return null;
    }
    if (target == null) {
      throw new UserException("give KEYHEX to dial, or --listen");
    }
    try {
      return PublicKey.fromHex(target.strip());
    } catch (IllegalArgumentException e) {
      throw new UserException("KEYHEX: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PublicKey dial = Conifer.validated(spec, this::targetKey);
    if (alpn.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--alpn must not be empty");
    }
    Conifer io = Conifer.of(spec);
    boolean verbose = io.verbose; // the inherited -v: also the peer's key and the byte counts
    try (ConiferNode node = TemporaryNode.start(connect, key)) {
      if (dial == null) {
        return NetcatSession.listen(
            node.sessions(), alpn, io.stdin(), io.stdout(), io.stderr(), acceptTimeout, verbose);
      }
      return NetcatSession.dial(
          node.sessions(), dial, alpn, io.stdin(), io.stdout(), io.stderr(), verbose);
    }
  }
}
