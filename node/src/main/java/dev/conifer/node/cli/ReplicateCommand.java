package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import dev.conifer.node.services.ReplicationEndpoints;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conifer replicate trust|untrust|gift|capacity|ls|pull}: whose publications this node
 * replicates and how much it keeps. Through the node running on {@code --data} the change applies
 * at once (and is saved); without one, {@code replication.conf} is edited for the next start.
 */
@Command(
    name = "replicate",
    description = "Replication by relationship: trusted keys, tiers, quotas, and how it stands.",
    subcommands = {
      ReplicateCommand.Trust.class,
      ReplicateCommand.Untrust.class,
      ReplicateCommand.Gift.class,
      ReplicateCommand.Capacity.class,
      ReplicateCommand.Ls.class,
      ReplicateCommand.Pull.class
    })
public final class ReplicateCommand extends CommandGroup {
  public ReplicateCommand() {}

  abstract static class ReplicateSubcommand extends DataDirSubcommand implements Runnable {
    /** Asks the running node, or applies {@code offline} to the file and says so. */
    final void either(
        Function<ControlClient, String> remote,
        UnaryOperator<ReplicationPolicy> offline,
        String done) {
      Path dir = options.dataDir().toAbsolutePath();
      NodeCommand.createDataDirectory(dir);
      try (DataDirAccess access = DataDirAccess.open(dir)) {
        if (access.daemon() != null) {
          print(remote.apply(access.daemon()));
          return;
        }
        ReplicationPolicy next = offline.apply(ReplicationPolicy.load(dir));
        next.save(dir);
        print(done + " (no node running: from its next start)");
      } catch (IOException e) {
        throw new UserException(
            "cannot update " + dir.resolve(ReplicationPolicy.FILE) + ": " + e, e);
      }
    }

    static PublicKey key(String hex) {
      try {
        return PublicKey.fromHex(hex.strip());
      } catch (IllegalArgumentException e) {
        throw new UserException("KEY: " + e.getMessage(), e);
      }
    }

    static long size(String option, String text) {
      try {
        return ReplicationPolicy.size(text);
      } catch (IllegalArgumentException e) {
        throw new UserException(option + ": " + e.getMessage(), e);
      }
    }

    static String text(ControlClient daemon, String endpoint, ObjectNode request) {
      return daemon.call(endpoint, request).path("text").asText();
    }
  }

  @Command(
      name = "trust",
      description =
          "Replicate what KEY publishes in TIER (sovereign: everything; reciprocal, invested: up to"
              + " --quota). Replaces an earlier rule for KEY.")
  static final class Trust extends ReplicateSubcommand {
    @Parameters(paramLabel = "KEY", description = "The publisher's public key (64 hex digits).")
    String key;

    @Option(
        names = "--tier",
        required = true,
        paramLabel = "TIER",
        description = "sovereign, reciprocal or invested.")
    String tier;

    @Option(
        names = "--quota",
        paramLabel = "SIZE",
        description = "Stored bytes kept for KEY, e.g. 5GiB, 500MiB (needed unless sovereign).")
    String quota;

    @Override
    public void run() {
      PublicKey k = key(key);
      Tier t;
      try {
        t = ReplicationPolicy.tier(tier);
      } catch (IllegalArgumentException e) {
        throw new UserException("--tier: " + e.getMessage(), e);
      }
      long q = quota == null ? 0 : size("--quota", quota);
      if (t != Tier.SOVEREIGN && quota == null) {
        throw new UserException("--quota: a " + tier + " rule needs a quota, e.g. --quota 5GiB");
      }
      ObjectNode request = ControlRoutes.JSON.createObjectNode();
      request.put("key", k.toHex()).put("tier", tier).put("quota", q);
      either(
          d -> text(d, "replicate/trust", request),
          p -> p.with(new TrustRule(k, t, q)),
          ReplicationText.trusted(k, t, q));
    }
  }

  @Command(
      name = "untrust",
      description = "Stop replicating KEY: its copies here become cache, evicted first.")
  static final class Untrust extends ReplicateSubcommand {
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public void run() {
      PublicKey k = key(key);
      either(
          d ->
              text(
                  d,
                  "replicate/untrust",
                  ControlRoutes.JSON.createObjectNode().put("key", k.toHex())),
          p -> {
            if (p.rules().stream().noneMatch(r -> k.equals(r.key()))) {
              throw new UserException(k.toHex() + " is not trusted");
            }
            return p.without(k);
          },
          "untrusted " + k.toHex());
    }
  }

  @Command(
      name = "gift",
      description = "Spare space for anyone else who asks this node to hold (0 turns it off).")
  static final class Gift extends ReplicateSubcommand {
    @Parameters(paramLabel = "SIZE")
    String quota;

    @Override
    public void run() {
      long q = size("SIZE", quota);
      either(
          d -> text(d, "replicate/gift", ControlRoutes.JSON.createObjectNode().put("quota", q)),
          p -> p.with(TrustRule.gift(q)),
          "gift quota " + q);
    }
  }

  @Command(
      name = "capacity",
      description =
          "Total bytes kept; beyond it blobs are evicted lowest tier first (0: no limit).")
  static final class Capacity extends ReplicateSubcommand {
    @Parameters(paramLabel = "SIZE")
    String capacity;

    @Override
    public void run() {
      long c = size("SIZE", capacity);
      either(
          d ->
              text(
                  d,
                  "replicate/capacity",
                  ControlRoutes.JSON.createObjectNode().put("capacity", c)),
          p -> p.withCapacity(c),
          "capacity " + c);
    }
  }

  @Command(
      name = "ls",
      description = {
        "The policy and, per trusted key, its list version, and how many of its blobs are held,",
        "waiting and failed, with the last reason; then the failure counters."
      })
  static final class Ls extends ReplicateSubcommand {
    @Override
    public void run() {
      Path dir = options.dataDir().toAbsolutePath();
      try (DataDirAccess access = DataDirAccess.open(dir)) {
        if (access.daemon() != null) {
          JsonNode reply =
              access.daemon().call("replicate/ls", ControlRoutes.JSON.createObjectNode());
          ReplicationText.ls(reply).forEach(this::print);
        } else {
          ReplicationText.ls(ReplicationPolicy.load(dir)).forEach(this::print);
        }
      }
    }
  }

  @Command(
      name = "pull",
      description = "Pull KEY's list (or every trusted key's) now and fetch what is missing.")
  static final class Pull extends ReplicateSubcommand {
    @Parameters(paramLabel = "KEY", arity = "0..1")
    String key;

    @Override
    public void run() {
      ObjectNode request = ControlRoutes.JSON.createObjectNode();
      if (key != null) {
        request.put("key", key(key).toHex());
      }
      try (DataDirAccess access = DataDirAccess.open(options.dataDir().toAbsolutePath())) {
        if (access.daemon() == null) {
          throw new UserException("replicate pull needs the node running on " + options.dataDir());
        }
        JsonNode reply =
            access.daemon().call("replicate/pull", request, ReplicationEndpoints.PULL_TIMEOUT);
        print(reply.path("text").asText());
        ReplicationText.ls(reply).forEach(this::print);
      }
    }
  }
}
