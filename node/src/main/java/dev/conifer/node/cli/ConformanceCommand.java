package dev.conifer.node.cli;

import dev.conifer.conformance.ConformanceSuite;
import dev.conifer.node.HostPort;
import dev.conifer.node.SystemClocks;
import dev.conifer.node.UserException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conifer conformance --target tcp://HOST:PORT}: black-box wire checks against a running
 * node of any implementation (docs/NODE.md).
 */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description =
        "Run black-box SNEK wire conformance checks against a node listening on TCP: handshake,"
            + " announcements, malformed input, forwarding, keepalives and read timeout.")
public final class ConformanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URI",
      description = "The node to test: tcp://HOST:PORT or HOST:PORT.")
  String target;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seeds the test peers' keys (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(names = "--quick", description = "Skip the checks that wait on timers (about 15 s).")
  boolean quick;

  public ConformanceCommand() {}

  @Override
  public Integer call() {
    InetSocketAddress address = parse(target);
    PrintWriter out = spec.commandLine().getOut();
    List<ConformanceSuite.Result> results =
        new ConformanceSuite(address, seed, !quick, SystemClocks.NANO::nanoTime).run(out);
    long failed = results.stream().filter(r -> !r.passed()).count();
    out.println((results.size() - failed) + " passed, " + failed + " failed (seed " + seed + ")");
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private static InetSocketAddress parse(String uri) {
    String hostPort = uri.startsWith("tcp://") ? uri.substring("tcp://".length()) : uri;
    if (hostPort.contains("://")) {
      throw new UserException("--target: only tcp:// targets are supported, got '" + uri + "'");
    }
    InetSocketAddress unresolved = HostPort.parse("--target", hostPort);
    if (unresolved.getPort() == 0) {
      throw new UserException("--target: port 0 is not a listening port");
    }
    return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
  }
}
