package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import dev.conifer.node.services.BlobServices;
import dev.conifer.node.services.SyncServices;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code conifer sync ...}: namespaces and entries (the text comes from {@link SyncCommands}). With
 * a node running on {@code --data} every command goes through its control API ({@link
 * SyncEndpoints}), so writes are pushed to partners at once; with none, the command opens the sync
 * database itself, holding the directory's lock.
 */
@Command(
    name = "sync",
    description = "Shared key-value namespaces, synced with partners by the running node.",
    subcommands = {
      SyncCommand.Ns.class,
      SyncCommand.Put.class,
      SyncCommand.Get.class,
      SyncCommand.Rm.class,
      SyncCommand.Ls.class,
      SyncCommand.Why.class,
      SyncCommand.Partners.class,
      SyncCommand.Status.class
    })
public final class SyncCommand extends CommandGroup {
  public SyncCommand() {}

  /** A subcommand on the sync state in {@code --data}. */
  abstract static class SyncSubcommand extends DataDirSubcommand {
    /**
     * Runs control endpoint {@code route} with {@code request} on the node that owns {@code
     * --data}; with none running, {@code local} on the database, under the directory's lock.
     */
    final <T> T through(
        String route,
        ObjectNode request,
        Function<JsonNode, T> remote,
        Function<SyncNode, T> local) {
      return DataDirAccess.either(
          options.dataDir().toAbsolutePath(),
          daemon -> remote.apply(daemon.call(route, request)),
          () -> withNode(local));
    }

    /** {@link #through} for commands that print the reply's text. */
    final String text(String route, ObjectNode request, Function<SyncNode, String> local) {
      return through(route, request, reply -> reply.path("text").asText(), local);
    }

    static ObjectNode request() {
      return ControlRoutes.JSON.createObjectNode();
    }

    /** Opens the sync database, runs {@code action}, closes it; bad input is a one-line error. */
    final <T> T withNode(Function<SyncNode, T> action) {
      Path dir = options.dataDir();
      try (BlobServices blobs = BlobServices.open(dir, null, List::of, List.of());
          SyncServices sync = SyncServices.openLocal(dir, options.signer(), blobs)) {
        return action.apply(sync.node());
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      } catch (IllegalStateException e) {
        // A state the user can act on (no write grant, a document part not fetched yet).
        throw new UserException(e.getMessage(), e);
      }
    }
  }

  /** A subcommand on one KEY in namespace NS (the namespace's name or key hex). */
  abstract static class OnKey extends SyncSubcommand {
    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;
  }

  @Command(
      name = "ns",
      description = "Namespaces: create, share with a ticket, join, interest, revoke, publish.",
      subcommands = {
        NsCreate.class,
        NsLs.class,
        NamespaceCommand.Share.class,
        NamespaceCommand.Join.class,
        NamespaceCommand.Interest.class,
        NamespaceCommand.Revoke.class,
        NamespaceCommand.Publish.class
      })
  static final class Ns extends CommandGroup {}

  @Command(
      name = "ls",
      description = "List namespaces: name, key, role, content policy, interest, published.")
  static final class NsLs extends SyncSubcommand implements Runnable {
    @Override
    public void run() {
      print(text("sync/ns/ls", request(), dev.conifer.sync.NamespaceCommands::ls));
    }
  }

  @Command(name = "create", description = "Create a namespace owned by this node; prints its key.")
  static final class NsCreate extends SyncSubcommand implements Runnable {
    @Parameters(paramLabel = "NAME", description = "A local name for the namespace.")
    String name;

    @Option(names = "--lazy", description = "Fetch values' content only when read.")
    boolean lazy;

    @Override
    public void run() {
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      ObjectNode request = request().put("name", name).put("lazy", lazy);
      print(text("sync/ns/create", request, node -> SyncCommands.nsCreate(node, name, seed, lazy)));
    }
  }

  @Command(name = "put", description = "Set KEY in namespace NS (name or key hex).")
  static final class Put extends OnKey implements Runnable {
    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "VALUE",
        description = "The value (UTF-8 text); or give --file.")
    String text;

    @Option(names = "--file", paramLabel = "F", description = "Read the value from file F.")
    Path file;

    @Option(
        names = "--merge",
        description =
            "VALUE is a JSON object whose fields are set in KEY's Automerge document"
                + " (concurrent edits of one document combine).")
    boolean merge;

    private byte[] value() {
      if ((text == null) == (file == null)) {
        throw new ParameterException(spec.commandLine(), "give exactly one of VALUE and --file");
      }
      if (file == null) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UserException("--file: cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void run() {
      // Check the value before the data directory is opened (and created).
      byte[] bytes = value();
      ObjectNode request =
          request()
              .put("ns", ns)
              .put("key", key)
              .put("value", Base64.getEncoder().encodeToString(bytes))
              .put("merge", merge);
      print(text("sync/put", request, node -> SyncCommands.put(node, ns, key, bytes, merge)));
    }
  }

  @Command(
      name = "get",
      description = "Write KEY's value in NS to stdout: a value's bytes, a document as JSON.")
  static final class Get extends OnKey implements Callable<Integer> {
    @Option(names = "--raw", description = "A document's merged Automerge bytes, not JSON.")
    boolean raw;

    @Override
    public Integer call() throws IOException {
      byte[] value =
          through(
              "sync/get",
              request().put("ns", ns).put("key", key).put("raw", raw),
              reply -> Base64.getDecoder().decode(reply.path("value").asText()),
              node -> SyncCommands.get(node, ns, key, List.of(), raw));
      spec.commandLine().getOut().flush();
      OutputStream out = Conifer.of(spec).stdout();
      out.write(value);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rm",
      description =
          "Delete KEY in NS (a signed tombstone that syncs), or every key under --prefix.")
  static final class Rm extends SyncSubcommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY")
    String key;

    @Option(names = "--prefix", paramLabel = "P", description = "Delete every key starting with P.")
    String prefix;

    @Override
    public void run() {
      if ((key == null) == (prefix == null)) {
        throw new ParameterException(spec.commandLine(), "give exactly one of KEY and --prefix");
      }
      ObjectNode request = request().put("ns", ns);
      if (key != null) {
        request.put("key", key);
      } else {
        request.put("prefix", prefix);
      }
      print(
          text(
              "sync/rm",
              request,
              node ->
                  key != null
                      ? SyncCommands.rm(node, ns, key)
                      : SyncCommands.rmPrefix(node, ns, prefix)));
    }
  }

  @Command(name = "ls", description = "List NS's keys: key, length, time, author (tab-separated).")
  static final class Ls extends SyncSubcommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PREFIX", defaultValue = "")
    String prefix;

    @Override
    public void run() {
      ObjectNode request = request().put("ns", ns).put("prefix", prefix);
      print(text("sync/ls", request, node -> SyncCommands.ls(node, ns, prefix)));
    }
  }

  @Command(name = "why", description = "Explain KEY's current value in NS and what it won against.")
  static final class Why extends OnKey implements Runnable {
    @Override
    public void run() {
      print(
          text(
              "sync/why",
              request().put("ns", ns).put("key", key),
              node -> SyncCommands.why(node, SyncCommands.namespace(node, ns), key)));
    }
  }

  @Command(name = "partners", description = "Sync partners.", subcommands = PartnersAdd.class)
  static final class Partners extends CommandGroup {}

  @Command(name = "add", description = "Sync with node KEYHEX (at once if a node is running).")
  static final class PartnersAdd extends SyncSubcommand implements Runnable {
    @Parameters(index = "0", paramLabel = "KEYHEX")
    String keyHex;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LABEL", defaultValue = "")
    String label;

    @Override
    public void run() {
      ObjectNode request = request().put("key", keyHex).put("label", label);
      print(
          text(
              "sync/partners/add", request, node -> SyncCommands.partnersAdd(node, keyHex, label)));
    }
  }

  @Command(
      name = "status",
      description = "Partners and their last sync, pending entries, conflicts decided.")
  static final class Status extends SyncSubcommand implements Runnable {
    @Override
    public void run() {
      print(text("sync/status", request(), SyncCommands::status));
    }
  }
}
