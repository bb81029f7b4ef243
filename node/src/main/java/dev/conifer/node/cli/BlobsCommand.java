package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.ConiferNode;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import dev.conifer.node.services.BlobServices;
import dev.conifer.node.services.DaemonBlobs;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCommands;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conifer blobs ...}: the node's content-addressed blob store (the logic is {@link
 * BlobCommands}). Everything but {@code get --from} works on the data directory alone.
 */
@Command(
    name = "blobs",
    description = "Content-addressed files (BLAKE3, verified while streaming), kept in --data.",
    subcommands = {
      BlobsCommand.Add.class,
      BlobsCommand.Get.class,
      BlobsCommand.Ls.class,
      BlobsCommand.Pin.class,
      BlobsCommand.Unpin.class,
      BlobsCommand.Why.class
    })
public final class BlobsCommand extends CommandGroup {
  public BlobsCommand() {}

  /** A blob action against the local store; user mistakes become one-line errors. */
  interface Action<T> {
    T apply(BlobCommands commands) throws IOException;
  }

  static <T> T run(BlobServices blobs, Action<T> action) {
    try {
      return action.apply(blobs.commands());
    } catch (IllegalArgumentException | IOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  static BlobHash hash(String hex) {
    try {
      return BlobHash.parse(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new UserException("HASH: " + e.getMessage(), e);
    }
  }

  /**
   * A subcommand on the blob store in {@code --data}: through the node that owns it when one runs
   * (DESIGN.md: no second process writes a running daemon's files), else on the files.
   */
  abstract static class BlobsSubcommand extends DataDirSubcommand {
    /** Runs {@code remote} against the running node, or {@code action} on the opened store. */
    final <T> T either(Function<ControlClient, T> remote, Action<T> action) {
      return DataDirAccess.either(
          options.dataDir().toAbsolutePath(),
          remote,
          () -> {
            try (BlobServices blobs =
                BlobServices.open(options.dataDir(), null, List::of, List.of())) {
              return BlobsCommand.run(blobs, action);
            }
          });
    }

    /** {@code endpoint}'s "text" answer for blob {@code hash}, or {@code action} on the files. */
    final String onBlob(String endpoint, BlobHash hash, Action<String> action) {
      return either(
          daemon ->
              daemon
                  .call(endpoint, ControlRoutes.JSON.createObjectNode().put("hash", hash.hex()))
                  .path("text")
                  .asText(),
          action);
    }
  }

  /** A subcommand on the one blob named by its HASH argument; prints what it returns. */
  abstract static class OnBlob extends BlobsSubcommand implements Runnable {
    @Parameters(paramLabel = "HASH")
    String hash;

    abstract String apply(BlobHash blob);

    @Override
    public final void run() {
      print(apply(Conifer.validated(spec, () -> hash(hash))));
    }
  }

  @Command(
      name = "add",
      description =
          "Import each FILE, pin it, print its hash (a line each). Its content type (detected from"
              + " the name and the first bytes) and file name are kept for the web doorway.")
  static final class Add extends BlobsSubcommand implements Runnable {
    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "The media type to record instead of the detected one, e.g. video/webm.")
    String type;

    @Override
    public void run() {
      print(
          either(
              daemon -> {
                StringBuilder hashes = new StringBuilder();
                for (Path file : files) {
                  ObjectNode request =
                      ControlRoutes.JSON
                          .createObjectNode()
                          .put("file", file.toAbsolutePath().toString());
                  if (type != null) {
                    request.put("type", type);
                  }
                  hashes.append(daemon.call("blobs/add", request).path("hash").asText());
                  hashes.append('\n');
                }
                return hashes.toString();
              },
              c -> {
                StringBuilder hashes = new StringBuilder();
                for (Path file : files) {
                  hashes.append(c.add(file, type).hex()).append('\n');
                }
                return hashes.toString();
              }));
    }
  }

  @Command(
      name = "get",
      sortOptions = false,
      description = {
        "Write blob HASH to FILE, fetching what is missing from the --from holders: through the"
            + " node running on --data, else through a temporary node joined with --connect."
            + " Resumes a partial fetch.",
        "Prints: fetched HASH SIZE bytes to FILE"
      })
  static final class Get extends OnBlob {
    @Option(names = "-o", required = true, paramLabel = "FILE", description = "Output file.")
    Path output;

    @Option(names = "--from", paramLabel = "KEY", description = "A holder's key (repeatable).")
    List<String> from = new ArrayList<>();

    @Option(
        names = "--connect",
        paramLabel = "URI",
        description =
            "Peer to join the network through (needed with --from when no node runs on --data).")
    String connect;

    @Override
    String apply(BlobHash h) {
      List<PublicKey> holders = new ArrayList<>();
      for (String key : from) {
        try {
          holders.add(PublicKey.fromHex(key.strip()));
        } catch (IllegalArgumentException e) {
          throw new UserException("--from: " + e.getMessage(), e);
        }
      }
      long size;
      try (DataDirAccess access = DataDirAccess.open(options.dataDir().toAbsolutePath())) {
        if (access.daemon() != null) {
          size = DaemonBlobs.get(access.daemon(), h, holders, output);
        } else if (holders.isEmpty()) {
          size = local(c -> c.get(h, List.of(), output, null)).size();
        } else if (connect == null) {
          throw new UserException(
              "--from needs --connect URI to reach the overlay (no node runs on --data)");
        } else {
          size = fetch(h, holders).size();
        }
      }
      return "fetched " + h.hex() + " " + size + " bytes to " + output;
    }

    /** On the files, whose lock the caller holds. */
    private <T> T local(Action<T> action) {
      try (BlobServices blobs = BlobServices.open(options.dataDir(), null, List::of, List.of())) {
        return BlobsCommand.run(blobs, action);
      }
    }

    private FetchResult fetch(BlobHash h, List<PublicKey> holders) {
      ConiferNode node;
      try {
        node = TemporaryNode.start(connect, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted", e);
      }
      try (node;
          BlobServices blobs =
              BlobServices.open(options.dataDir(), node.sessions(), List::of, List.of());
          Progress progress = Progress.create(Conifer.of(spec))) {
        return BlobsCommand.run(blobs, c -> c.get(h, holders, output, progress));
      }
    }
  }

  /** A progress bar on stderr when it is a terminal; silent otherwise. */
  static final class Progress implements BlobFetcher.Progress, AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
      this.bar = bar;
    }

    static Progress create(Conifer io) {
      if (System.console() == null || io.stderr() != System.err) {
        return new Progress(null);
      }
      return new Progress(
          new ProgressBarBuilder()
              .setTaskName("fetch")
              .setUnit("MiB", 1 << 20)
              .setConsumer(new ConsoleProgressBarConsumer(io.stderr()))
              .build());
    }

    @Override
    public synchronized void onProgress(long verifiedLength, long size) {
      if (bar != null) {
        bar.maxHint(size);
        bar.stepTo(verifiedLength);
      }
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  @Command(
      name = "ls",
      description = "One line per blob: hash, size, state, verified groups/all groups, pin tags.")
  static final class Ls extends BlobsSubcommand implements Runnable {
    @Override
    public void run() {
      List<String> lines =
          either(
              daemon -> {
                List<String> remote = new ArrayList<>();
                daemon
                    .call("blobs/ls", ControlRoutes.JSON.createObjectNode())
                    .path("lines")
                    .forEach(line -> remote.add(line.asText()));
                return remote;
              },
              BlobCommands::ls);
      print(lines.isEmpty() ? "" : String.join("\n", lines));
    }
  }

  @Command(name = "pin", description = "Keep blob HASH.")
  static final class Pin extends OnBlob {
    @Override
    String apply(BlobHash h) {
      return onBlob(
          "blobs/pin",
          h,
          c -> {
            c.pin(h);
            return "pinned " + h.hex();
          });
    }
  }

  @Command(name = "unpin", description = "Drop your pin on blob HASH (replica pins stay).")
  static final class Unpin extends OnBlob {
    @Override
    String apply(BlobHash h) {
      return onBlob(
          "blobs/unpin",
          h,
          c -> {
            if (!c.unpin(h)) {
              throw new UserException("blob " + h.hex() + " has no user pin");
            }
            return "unpinned " + h.hex();
          });
    }
  }

  @Command(name = "why", description = "Explain why blob HASH is kept.")
  static final class Why extends OnBlob {
    @Override
    String apply(BlobHash h) {
      return onBlob("blobs/why", h, c -> c.why(h));
    }
  }
}
