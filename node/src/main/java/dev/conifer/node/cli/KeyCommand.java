package dev.conifer.node.cli;

import dev.conifer.node.KeyFile;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conifer key show}: a node's public key. */
@Command(name = "key", description = "Node keys.", subcommands = KeyCommand.Show.class)
public final class KeyCommand extends CommandGroup {
  public KeyCommand() {}

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print the public key of key file --key, else of the node running on --data (or at"
            + " --admin), else of the key file in --data. Never creates a key.",
        "Prints: public-key HEX"
      })
  static final class Show implements Runnable {
    @Spec CommandSpec spec;
    @Mixin NodeTarget target;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        converter = KeyPathConverter.class,
        description = "A key file to read.")
    Path key;

    @Override
    public void run() {
      String hex;
      if (key != null) {
        hex = KeyFile.load(KeyFile.requireFile("--key", key)).publicKey().toHex();
      } else {
        ControlClient daemon = target.daemon();
        if (daemon != null) {
          hex =
              daemon.call("key", ControlRoutes.JSON.createObjectNode()).path("publicKey").asText();
        } else {
          Path file = target.dataDir().resolve(KeyFile.DEFAULT_NAME);
          hex = KeyFile.load(file).publicKey().toHex();
        }
      }
      spec.commandLine().getOut().println(NodeOutput.PUBLIC_KEY + hex);
      spec.commandLine().getOut().flush();
    }
  }
}
