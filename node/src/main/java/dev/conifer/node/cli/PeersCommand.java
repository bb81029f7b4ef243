package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.NodeUris;
import dev.conifer.node.StaticPeers;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conifer peers ls|add|remove}: a node's static peers. With a node running they change at
 * once (and, with a data directory, are remembered); without one, {@code add} and {@code remove}
 * edit the data directory's {@code peers.json} for the next start.
 */
@Command(
    name = "peers",
    description = "Static peers of a node: listed, added and removed at run time.",
    subcommands = {PeersCommand.Ls.class, PeersCommand.Add.class, PeersCommand.Remove.class})
public final class PeersCommand extends CommandGroup {
  public PeersCommand() {}

  @Command(mixinStandardHelpOptions = true)
  abstract static class PeersSubcommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin NodeTarget target;

    final void print(String line) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(line);
      out.flush();
    }
  }

  /** A subcommand on one peer URI: through the node, or on {@code peers.json} without one. */
  abstract static class OnPeer extends PeersSubcommand {
    @Parameters(paramLabel = "URI", description = "tcp://HOST:PORT, ws://…, quic://… or bt://…")
    String uri;

    abstract String endpoint();

    abstract String offline(StaticPeers peers, URI peer) throws IOException;

    @Override
    public final void run() {
      URI peer = NodeUris.requireConnectable("URI", NodeUris.parse("URI", uri));
      if (target.admin != null) {
        print(answer(target.requireDaemon(), peer));
        return;
      }
      Path dir = target.dataDir().toAbsolutePath();
      NodeCommand.createDataDirectory(dir);
      try (DataDirAccess access = DataDirAccess.open(dir)) {
        if (access.daemon() != null) {
          print(answer(access.daemon(), peer));
        } else {
          print(offline(StaticPeers.load(dir), peer) + " (no node running: from its next start)");
        }
      } catch (IOException e) {
        throw new UserException(
            "cannot update " + dir.resolve(StaticPeers.FILE_NAME) + ": " + e, e);
      }
    }

    private String answer(ControlClient daemon, URI peer) {
      ObjectNode request = ControlRoutes.JSON.createObjectNode().put("uri", peer.toString());
      JsonNode reply = daemon.call(endpoint(), request);
      return reply.path("uri").asText() + ": " + reply.path("result").asText();
    }
  }

  @Command(
      name = "ls",
      description = {
        "List the static peers (URI and whether it came from the config or was added) and the",
        "connected peers (port, key, type, zone, URI) of the running node. With no node running,",
        "the peers added to --data."
      })
  static final class Ls extends PeersSubcommand {
    @Override
    public void run() {
      ControlClient daemon = target.daemon();
      if (daemon == null) {
        Path dir = target.dataDir().toAbsolutePath();
        for (URI uri : StaticPeers.load(dir).added()) {
          print("static " + uri + " added"); // no node: nothing is connected
        }
        return;
      }
      JsonNode reply = daemon.call("peers/ls", ControlRoutes.JSON.createObjectNode());
      for (JsonNode peer : reply.path("static")) {
        print("static " + peer.path("uri").asText() + " " + peer.path("source").asText());
      }
      for (JsonNode peer : reply.path("connected")) {
        print(
            String.join(
                " ",
                "connected",
                peer.path("port").asText(),
                peer.path("publicKey").asText(),
                peer.path("type").asText(),
                peer.path("zone").asText().isEmpty() ? "-" : peer.path("zone").asText(),
                peer.path("uri").asText().isEmpty() ? "-" : peer.path("uri").asText()));
      }
    }
  }

  @Command(name = "add", description = "Add a static peer (kept connected, remembered).")
  static final class Add extends OnPeer {
    @Override
    String endpoint() {
      return "peers/add";
    }

    @Override
    String offline(StaticPeers peers, URI peer) throws IOException {
      return peer + (peers.add(peer) ? ": added" : ": already added");
    }
  }

  @Command(name = "remove", description = "Remove a static peer and close its link.")
  static final class Remove extends OnPeer {
    @Override
    String endpoint() {
      return "peers/remove";
    }

    @Override
    String offline(StaticPeers peers, URI peer) throws IOException {
      if (!peers.remove(peer)) {
        throw new UserException(peer + " is not in " + StaticPeers.FILE_NAME);
      }
      return peer + ": removed";
    }
  }
}
