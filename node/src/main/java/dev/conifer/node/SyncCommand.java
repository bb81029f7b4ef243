package dev.conifer.node;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conifer sync ...}: namespaces and entries in the local sync database (the text comes from
 * {@link SyncCommands}). No network: a running {@code conifer node --data DIR} syncs them.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Shared key-value namespaces, synced with partners by the running node.",
    subcommands = {
      SyncCommand.Ns.class,
      SyncCommand.Put.class,
      SyncCommand.Get.class,
      SyncCommand.Ls.class,
      SyncCommand.Why.class,
      SyncCommand.Partners.class,
      SyncCommand.Status.class
    })
public final class SyncCommand implements Runnable {
  @Spec CommandSpec spec;

  public SyncCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Opens the data directory's sync database, runs {@code action}, closes it. */
  static <T> T withNode(DataDirOptions options, Function<SyncNode, T> action) {
    Path dir = options.dataDir();
    try (BlobServices blobs = BlobServices.open(dir, null, List::of, List.of());
        SyncServices sync = SyncServices.openLocal(dir, options.signer(), blobs)) {
      return action.apply(sync.node());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  static void print(CommandSpec spec, String text) {
    PrintWriter out = spec.commandLine().getOut();
    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    out.flush();
  }

  @Command(
      name = "ns",
      mixinStandardHelpOptions = true,
      description = "Namespaces.",
      subcommands = NsCreate.class)
  static final class Ns implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a namespace owned by this node; prints its key.")
  static final class NsCreate implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(paramLabel = "NAME", description = "A local name for the namespace.")
    String name;

    @Option(names = "--lazy", description = "Fetch values' content only when read.")
    boolean lazy;

    @Override
    public void run() {
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      print(spec, withNode(options, node -> SyncCommands.nsCreate(node, name, seed, lazy)));
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Set KEY in namespace NS (name or key hex).")
  static final class Put implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "VALUE",
        description = "The value (UTF-8 text); or give --file.")
    String text;

    @Option(names = "--file", paramLabel = "F", description = "Read the value from file F.")
    Path file;

    @Option(names = "--merge", description = "A mergeable document (concurrent edits combine).")
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
      byte[] bytes = value();
      print(spec, withNode(options, node -> SyncCommands.put(node, ns, key, bytes, merge)));
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Write KEY's value in NS to stdout, as raw bytes.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Override
    public Integer call() throws IOException {
      byte[] value = withNode(options, node -> SyncCommands.get(node, ns, key, List.of()));
      spec.commandLine().getOut().flush();
      OutputStream out = Conifer.of(spec).stdout();
      out.write(value);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List NS's keys: key, length, time, author (tab-separated).")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PREFIX", defaultValue = "")
    String prefix;

    @Override
    public void run() {
      print(spec, withNode(options, node -> SyncCommands.ls(node, ns, prefix)));
    }
  }

  @Command(
      name = "why",
      mixinStandardHelpOptions = true,
      description = "Explain KEY's current value in NS and what it won against.")
  static final class Why implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(index = "0", paramLabel = "NS")
    String ns;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Override
    public void run() {
      print(
          spec,
          withNode(
              options,
              node -> {
                PublicKey namespace = SyncCommands.namespace(node, ns);
                return SyncCommands.why(node, namespace, key);
              }));
    }
  }

  @Command(
      name = "partners",
      mixinStandardHelpOptions = true,
      description = "Sync partners.",
      subcommands = PartnersAdd.class)
  static final class Partners implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Sync with node KEYHEX (picked up when the node next starts).")
  static final class PartnersAdd implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Parameters(index = "0", paramLabel = "KEYHEX")
    String keyHex;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LABEL", defaultValue = "")
    String label;

    @Override
    public void run() {
      print(spec, withNode(options, node -> SyncCommands.partnersAdd(node, keyHex, label)));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Partners and their last sync, pending entries, conflicts decided.")
  static final class Status implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions options;

    @Override
    public void run() {
      print(spec, withNode(options, SyncCommands::status));
    }
  }
}
