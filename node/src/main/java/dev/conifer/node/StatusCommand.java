package dev.conifer.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conifer status}: fetches a running node's {@code /status} and pretty-prints it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print a running node's status (GET /status on its admin server) as JSON.")
public final class StatusCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description = "The node's admin address (default: ${DEFAULT-VALUE}).",
      defaultValue = NodeCommand.ADMIN_DEFAULT)
  String admin;

  public StatusCommand() {}

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = HostPort.parse("--admin", admin);
    URI uri = URI.create("http://" + HostPort.format(address) + "/status");
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new UserException(
          "cannot reach "
              + uri
              + " (connection refused); is a node running with --admin "
              + admin
              + "?",
          e);
    } catch (HttpTimeoutException e) {
      throw new UserException("no answer from " + uri + " within " + TIMEOUT.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new UserException("cannot fetch " + uri + ": " + e, e);
    }
    if (response.statusCode() != 200) {
      throw new UserException(
          uri + " answered " + response.statusCode() + ": " + response.body().strip());
    }
    JsonNode json;
    try {
      json = StatusJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UserException(uri + " did not return JSON: " + e.getMessage(), e);
    }
    spec.commandLine()
        .getOut()
        .println(StatusJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return 0;
  }
}
