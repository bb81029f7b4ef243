package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.admin.StatusJson;
import dev.conifer.node.control.ControlClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code conifer status}: a running node's {@code /status}, pretty-printed. The node is the one
 * owning {@code --data} (or the working directory), else the one at {@code --admin}, else the one
 * at the default admin address.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Print a running node's status (GET /status on its admin server) as JSON. Finds the"
            + " node through --data (default: the working directory), else asks --admin"
            + " (default: "
            + NodeCommand.ADMIN_DEFAULT
            + ").")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin NodeTarget target;

  public StatusCommand() {}

  @Override
  public Integer call() throws Exception {
    if (target.admin != null) {
      Conifer.validated(spec, () -> HostPort.parse("--admin", target.admin));
    }
    ControlClient client = target.data == null ? null : target.requireDaemon();
    if (client == null) {
      client = target.daemon();
    }
    if (client == null) {
      target.admin = NodeCommand.ADMIN_DEFAULT;
      client = target.daemon();
    }
    JsonNode json = client.getJson("/status");
    spec.commandLine()
        .getOut()
        .println(StatusJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return 0;
  }
}
