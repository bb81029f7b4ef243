package dev.conifer.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's side of the control API: JSON requests to a running node's admin server with its bearer
 * token. Every failure is a {@link UserException} that says which node and why.
 */
public final class ControlClient {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final String base;
  private final String token;
  private final String who;
  private final HttpClient http;

  /**
   * @param token the bearer token, or null to send none (loopback {@code /status} only)
   * @param who how errors name the node, e.g. "the node running on DIR (pid 42)"
   */
  public ControlClient(InetSocketAddress admin, String token, String who) {
    this.base = "http://" + HostPort.format(admin);
    this.token = token;
    this.who = who;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** {@code POST /control/NAME} with {@code body}; returns the JSON answer. */
  public JsonNode call(String name, JsonNode body) {
    return call(name, body, TIMEOUT);
  }

  public JsonNode call(String name, JsonNode body, Duration timeout) {
    byte[] bytes;
    try {
      bytes = ControlRoutes.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a JSON tree", e);
    }
    HttpRequest request =
        request("/control/" + name, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return json(send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  /** {@code GET path} answered with JSON (e.g. {@code /status}). */
  public JsonNode getJson(String path) {
    return json(
        send(request(path, TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
  }

  /** {@code GET path} as a stream of bytes; the caller closes it. Non-200 is an error. */
  public InputStream getStream(String path, Duration timeout) {
    HttpResponse<InputStream> response =
        send(request(path, timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String detail;
      try (InputStream body = response.body()) {
        detail = new String(body.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        detail = e.toString();
      }
      throw new UserException(
          who + " answered " + response.statusCode() + " to " + path + ": " + detail.strip());
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (ConnectException e) {
      throw new UserException(
          "cannot reach " + who + " at " + base + " (connection refused); is it still running?", e);
    } catch (HttpTimeoutException e) {
      throw new UserException("no answer from " + who + " at " + request.uri() + " in time", e);
    } catch (IOException e) {
      throw new UserException("cannot talk to " + who + " at " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while waiting for " + who, e);
    }
  }

  private JsonNode json(HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = ControlRoutes.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UserException(
          who + " answered " + response.statusCode() + " without JSON: " + e.getMessage(), e);
    }
    if (response.statusCode() != 200) {
      String error =
          body != null && body.hasNonNull("error") ? body.get("error").asText() : body + "";
      throw new UserException(error);
    }
    return body;
  }
}
