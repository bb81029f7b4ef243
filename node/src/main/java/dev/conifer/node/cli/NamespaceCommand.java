package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.StaticPeers;
import dev.conifer.node.UserException;
import dev.conifer.sync.NamespaceCommands;
import dev.conifer.sync.NamespaceSharing;
import dev.conifer.sync.NamespaceTicket;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.entry.TimeBound;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code conifer sync ns share|join|interest|publish}: sharing a namespace with a ticket, joining
 * one, the key prefixes this node wants, and marking a namespace for the web doorway. Through the
 * running node when there is one (see {@link SyncCommand.SyncSubcommand#through}).
 */
final class NamespaceCommand {
  private NamespaceCommand() {}

  @Command(
      name = "share",
      description = {
        "Print a ticket (one line) that lets another node join namespace NS.",
        "It is a bearer capability: whoever holds it can join until it expires."
      })
  static final class Share extends SyncCommand.SyncSubcommand implements Runnable {
    @Parameters(paramLabel = "NS")
    String ns;

    @ArgGroup(exclusive = true)
    Access access;

    static final class Access {
      @Option(names = "--read", description = "Read access (the default).")
      boolean read;

      @Option(names = "--write", description = "Read and write access (and the right to share).")
      boolean write;
    }

    @Option(
        names = "--expires",
        paramLabel = "D",
        converter = DurationConverter.class,
        description = "How long the ticket works, e.g. 30d, 12h (default: 30d; 0: never).")
    Duration expires = Duration.ofDays(30);

    @Override
    public void run() {
      boolean write = access != null && access.write;
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      ObjectNode request =
          request().put("ns", ns).put("write", write).put("expiresSeconds", expires.toSeconds());
      String ticket =
          text(
              "sync/ns/share",
              request,
              node -> {
                spec.commandLine()
                    .getErr()
                    .println(
                        "no node is running on this data directory: the ticket carries no addresses,"
                            + " so the joiner must already reach this node");
                return NamespaceCommands.share(
                    node,
                    ns,
                    write,
                    expires.toSeconds(),
                    System.currentTimeMillis() / 1000,
                    seed,
                    List.of());
              });
      print(ticket);
      String grant = Revocations.grantId(NamespaceTicket.decode(ticket, 0).grant());
      spec.commandLine()
          .getErr()
          .println(
              "grant "
                  + grant
                  + " (to revoke it: conifer sync ns revoke "
                  + ns
                  + " "
                  + grant
                  + ")");
      spec.commandLine().getErr().flush();
    }
  }

  @Command(
      name = "join",
      description = {
        "Join the namespace in TICKET: keep its grant, sync with the node that shared it",
        "(connecting to an address in the ticket if needed), and sync at once."
      })
  static final class Join extends SyncCommand.SyncSubcommand implements Runnable {
    @Parameters(paramLabel = "TICKET", description = "The nsticket… string from 'sync ns share'.")
    String ticket;

    @Option(names = "--name", paramLabel = "N", description = "Local name (default: short key).")
    String name;

    @Option(names = "--lazy", description = "Fetch values' content only when read.")
    boolean lazy;

    @Override
    public void run() {
      ObjectNode request = request().put("ticket", ticket).put("lazy", lazy);
      if (name != null) {
        request.put("name", name);
      }
      print(text("sync/ns/join", request, node -> joinOffline(node, options.dataDir())));
    }

    /** No node running: join in the database and remember an address for its next start. */
    private String joinOffline(dev.conifer.sync.SyncNode node, Path dir) {
      NamespaceSharing.Joined joined =
          NamespaceCommands.join(node, ticket, name, lazy, System.currentTimeMillis() / 1000);
      String text = NamespaceCommands.joinedText(joined);
      if (joined.hints().isEmpty()) {
        return text + " (no node running: from its next start)";
      }
      URI hint = joined.hints().get(0);
      try {
        StaticPeers.load(dir.toAbsolutePath()).add(hint);
      } catch (IOException e) {
        throw new UserException("cannot remember peer " + hint + ": " + e, e);
      }
      return text + " (no node running: it connects to " + hint + " when it starts)";
    }
  }

  @Command(
      name = "interest",
      description = {
        "Sync only the keys of NS under these prefixes (in both directions); with none,",
        "every key. Remembered; a running node syncs with the new interest at once."
      })
  static final class Interest extends SyncCommand.SyncSubcommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PREFIX")
    List<String> prefixes = new ArrayList<>();

    @Option(
        names = "--since",
        paramLabel = "T",
        converter = TimeBoundConverter.class,
        description =
            "Only entries dated at or after T: an ISO instant (2026-12-01T00:00:00Z) or a"
                + " duration ago (7d, 12h; rolling: resolved at every sync).")
    TimeBound since;

    @Option(
        names = "--until",
        paramLabel = "T",
        converter = TimeBoundConverter.class,
        description = "Only entries dated before T (same forms as --since).")
    TimeBound until;

    @Override
    public void run() {
      ObjectNode request = request().put("ns", ns);
      prefixes.forEach(request.putArray("prefixes")::add);
      if (since != null) {
        request.put("since", since.encode());
      }
      if (until != null) {
        request.put("until", until.encode());
      }
      print(
          text(
              "sync/ns/interest",
              request,
              node -> NamespaceCommands.interest(node, ns, prefixes, since, until)));
    }
  }

  @Command(
      name = "revoke",
      description = {
        "Revoke a grant (its id, printed by 'sync ns share'), a node's key, or a ticket's grant.",
        "Replicas learn it by sync, then refuse sessions presenting it (or a grant passed on",
        "from it) and its entries dated from now on. Data already copied stays copied."
      })
  static final class Revoke extends SyncCommand.SyncSubcommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "GRANT-ID|KEY",
        description = "64 hex digits: a grant id or a node key.")
    String target;

    @Option(names = "--ticket", paramLabel = "TICKET", description = "Revoke this ticket's grant.")
    String ticket;

    @Override
    public void run() {
      if ((target == null) == (ticket == null)) {
        throw new ParameterException(
            spec.commandLine(), "give exactly one of GRANT-ID|KEY and --ticket");
      }
      ObjectNode request = request().put("ns", ns);
      if (ticket != null) {
        request.put("ticket", ticket);
      } else {
        request.put("target", target);
      }
      print(
          text(
              "sync/ns/revoke",
              request,
              node -> NamespaceCommands.revoke(node, ns, target, ticket)));
    }
  }

  @Command(
      name = "publish",
      description = "Let the web doorway serve NS (read-only); --off withdraws it.")
  static final class Publish extends SyncCommand.SyncSubcommand implements Runnable {
    @Parameters(paramLabel = "NS")
    String ns;

    @Option(names = "--off", description = "Stop publishing NS.")
    boolean off;

    @Override
    public void run() {
      ObjectNode request = request().put("ns", ns).put("published", !off);
      print(text("sync/ns/publish", request, node -> NamespaceCommands.publish(node, ns, !off)));
    }
  }
}
