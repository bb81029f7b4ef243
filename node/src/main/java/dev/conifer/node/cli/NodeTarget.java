package dev.conifer.node.cli;

import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlToken;
import dev.conifer.node.control.DataDirAccess;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which running node a command talks to: the one that owns {@code --data DIR} (found through its
 * daemon record; the default is the working directory), or the one at {@code --admin HOST:PORT}
 * with the token in {@code --admin-token FILE}.
 */
final class NodeTarget {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The node's data directory (default: the working directory).")
  Path data;

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description = "Talk to the node at this admin address instead of finding it through --data.")
  String admin;

  @Option(
      names = "--admin-token",
      paramLabel = "FILE",
      description = "The token file for --admin (the node's control.token).")
  Path adminToken;

  Path dataDir() {
    return data == null ? Path.of("") : data;
  }

  /** The addressed node's control API, or null when no node runs on the data directory. */
  ControlClient daemon() {
    if (admin == null) {
      return DataDirAccess.daemonOf(dataDir().toAbsolutePath());
    }
    String token = null;
    if (adminToken != null) {
      try {
        token = ControlToken.read(adminToken);
      } catch (IOException e) {
        throw new UserException("--admin-token: cannot read " + adminToken + ": " + e, e);
      }
    }
    return new ControlClient(HostPort.parse("--admin", admin), token, "the node at " + admin);
  }

  /** Like {@link #daemon()}, but a node must be running. */
  ControlClient requireDaemon() {
    ControlClient client = daemon();
    if (client == null) {
      throw new UserException(
          "no node is running on "
              + dataDir().toAbsolutePath()
              + "; start one with conifer node --data DIR, or give --admin HOST:PORT");
    }
    return client;
  }
}
