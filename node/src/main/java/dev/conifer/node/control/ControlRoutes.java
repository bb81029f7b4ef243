package dev.conifer.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API's endpoints by name ({@code POST /control/NAME}, e.g. {@code peers/add}): a
 * feature adds one with {@link #register}, nothing else changes. Handlers run on a small pool of
 * worker threads, so a slow one (a blob fetch) never blocks the admin server's event loop.
 */
public final class ControlRoutes implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ControlRoutes.class);

  /** The answer to one request: an HTTP status and a JSON body. */
  public record Reply(int status, JsonNode body) {}

  private final Map<String, ControlHandler> handlers = new ConcurrentHashMap<>();
  private final ExecutorService workers;

  public ControlRoutes() {
    AtomicInteger count = new AtomicInteger();
    workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "conifer-control-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Adds endpoint {@code name}; a name is registered once. */
  public ControlRoutes register(String name, ControlHandler handler) {
    if (handlers.putIfAbsent(name, handler) != null) {
      throw new IllegalStateException("control endpoint " + name + " is registered twice");
    }
    return this;
  }

  /** The registered names, sorted (for {@code GET /control/} and the docs). */
  public Iterable<String> names() {
    return new TreeMap<>(handlers).keySet();
  }

  /** Runs endpoint {@code name} on {@code body} (UTF-8 JSON, or empty) off the calling thread. */
  public CompletableFuture<Reply> dispatch(String name, byte[] body) {
    ControlHandler handler = handlers.get(name);
    if (handler == null) {
      return CompletableFuture.completedFuture(
          error(ControlException.NOT_FOUND, "no control endpoint '" + name + "'"));
    }
    try {
      return CompletableFuture.supplyAsync(() -> run(name, handler, body), workers);
    } catch (RejectedExecutionException closing) {
      return CompletableFuture.completedFuture(error(503, "the node is stopping"));
    }
  }

  private static Reply run(String name, ControlHandler handler, byte[] body) {
    JsonNode request;
    try {
      request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return error(ControlException.BAD_REQUEST, "request body is not JSON: " + e.getMessage());
    }
    if (request == null || !request.isObject()) {
      return error(ControlException.BAD_REQUEST, "request body must be a JSON object");
    }
    try {
      JsonNode answer = handler.handle(request);
      return new Reply(200, answer == null ? JSON.createObjectNode() : answer);
    } catch (ControlException e) {
      LOG.info("control {}: {}", name, e.getMessage());
      return error(e.status(), e.getMessage());
    } catch (IllegalArgumentException e) {
      LOG.info("control {}: {}", name, e.getMessage());
      return error(ControlException.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      LOG.warn("control {}: {}", name, e.toString());
      return error(500, name + ": " + e.getMessage());
    } catch (Exception e) {
      LOG.warn("control {} failed", name, e);
      return error(500, name + " failed: " + e);
    }
  }

  /** {@code {"error": message}}. */
  public static Reply error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    return new Reply(status, body);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
