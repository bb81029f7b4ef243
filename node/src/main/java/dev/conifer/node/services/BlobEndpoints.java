package dev.conifer.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.control.ControlException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCommands;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The control API's blob endpoints, so that {@code conifer blobs ...} works through the running
 * node instead of opening its store: {@code blobs/add} (the node reads the file, by absolute path),
 * {@code blobs/ls}, {@code blobs/pin}, {@code blobs/unpin}, {@code blobs/why} and {@code
 * blobs/fetch} (into the store; the CLI then reads the bytes from {@code GET /blobs/HASH}).
 */
public final class BlobEndpoints {
  private final Supplier<BlobServices> blobs;

  private BlobEndpoints(Supplier<BlobServices> blobs) {
    this.blobs = blobs;
  }

  public static void register(ControlRoutes routes, Supplier<BlobServices> blobs) {
    BlobEndpoints e = new BlobEndpoints(blobs);
    routes
        .register(
            "blobs/add",
            r ->
                hashAnswer(
                    e.commands()
                        .add(
                            Path.of(text(r, "file")),
                            r.hasNonNull("type") ? text(r, "type") : null)))
        .register("blobs/ls", r -> e.ls())
        .register("blobs/pin", r -> e.pin(hash(r)))
        .register("blobs/unpin", r -> e.unpin(hash(r)))
        .register("blobs/why", r -> textAnswer(e.commands().why(hash(r))))
        .register("blobs/get", e::get);
  }

  private BlobCommands commands() {
    BlobServices services = blobs.get();
    if (services == null) {
      throw new ControlException(
          ControlException.CONFLICT,
          "this node keeps no blobs: run it with --data and without --relay-only or --echo");
    }
    return services.commands();
  }

  private JsonNode ls() throws IOException {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    commands().ls().forEach(json.putArray("lines")::add);
    return json;
  }

  private JsonNode pin(BlobHash hash) throws IOException {
    try {
      commands().pin(hash);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlException.NOT_FOUND, e.getMessage(), e);
    }
    return textAnswer("pinned " + hash.hex());
  }

  private JsonNode unpin(BlobHash hash) throws IOException {
    if (!commands().unpin(hash)) {
      throw new ControlException(
          ControlException.NOT_FOUND, "blob " + hash.hex() + " has no user pin");
    }
    return textAnswer("unpinned " + hash.hex());
  }

  private JsonNode get(JsonNode request) throws IOException {
    BlobHash hash = hash(request);
    List<PublicKey> from = new ArrayList<>();
    for (JsonNode key : request.path("from")) {
      try {
        from.add(PublicKey.fromHex(key.asText()));
      } catch (IllegalArgumentException e) {
        throw new ControlException(ControlException.BAD_REQUEST, "from: " + e.getMessage(), e);
      }
    }
    FetchResult result;
    try {
      result = commands().get(hash, from, Path.of(text(request, "output")), null);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlException.BAD_REQUEST, e.getMessage(), e);
    }
    ObjectNode json = hashAnswer(hash);
    json.put("size", result.size());
    return json;
  }

  private static String text(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isTextual()) {
      throw new ControlException(ControlException.BAD_REQUEST, "give \"" + field + "\"");
    }
    return value.asText();
  }

  private static BlobHash hash(JsonNode request) {
    try {
      return BlobHash.parse(text(request, "hash").strip());
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlException.BAD_REQUEST, "HASH: " + e.getMessage(), e);
    }
  }

  private static ObjectNode hashAnswer(BlobHash hash) {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("hash", hash.hex());
    return json;
  }

  private static JsonNode textAnswer(String text) {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("text", text);
    return json;
  }
}
