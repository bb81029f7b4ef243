package dev.conifer.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.ConiferNode;
import dev.conifer.node.NodeControl;
import dev.conifer.node.NodeUris;
import dev.conifer.node.StaticPeers;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.router.RouterStatus;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The control API's node endpoints: {@code status}, {@code key}, {@code peers/ls}, {@code
 * peers/add} and {@code peers/remove}. Peers added or removed here take effect at once and, with a
 * data directory, are remembered across restarts ({@link StaticPeers}).
 */
public final class NodeEndpoints {
  private final ConiferNode node;
  private final NodeControl control;
  private final Set<URI> active; // the static peers the transports keep connected now

  private NodeEndpoints(ConiferNode node, NodeControl control) {
    this.node = node;
    this.control = control;
    this.active = new LinkedHashSet<>(control.staticPeers());
  }

  public static void register(ControlRoutes routes, ConiferNode node, NodeControl control) {
    NodeEndpoints endpoints = new NodeEndpoints(node, control);
    routes
        .register("status", request -> StatusJson.toJson(endpoints.status()))
        .register("key", request -> endpoints.key())
        .register("peers/ls", request -> endpoints.peersLs())
        .register("peers/add", endpoints::peersAdd)
        .register("peers/remove", endpoints::peersRemove);
  }

  private RouterStatus status() throws Exception {
    return node.router().status().get(AdminServer.STATUS_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
  }

  private JsonNode key() {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("publicKey", node.publicKey().toHex());
    return json;
  }

  private synchronized JsonNode peersLs() throws Exception {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    ArrayNode statics = json.putArray("static");
    for (URI uri : active) {
      ObjectNode entry = statics.addObject();
      entry.put("uri", uri.toString());
      entry.put("source", control.isConfigured(uri) ? "config" : "added");
    }
    json.set("connected", StatusJson.toJson(status()).get("peers"));
    return json;
  }

  private static URI uri(JsonNode request) {
    JsonNode text = request.get("uri");
    if (text == null || !text.isTextual()) {
      throw new ControlException(ControlException.BAD_REQUEST, "give the peer's \"uri\"");
    }
    try {
      return NodeUris.requireConnectable("URI", NodeUris.parse("URI", text.asText()));
    } catch (UserException e) {
      throw new ControlException(ControlException.BAD_REQUEST, e.getMessage(), e);
    }
  }

  private synchronized JsonNode peersAdd(JsonNode request) throws IOException {
    URI uri = uri(request);
    if (active.contains(uri)) {
      throw new ControlException(
          ControlException.CONFLICT, uri + " is already a static peer of this node");
    }
    try {
      node.transports().addStaticPeer(uri);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ControlException(
          ControlException.BAD_REQUEST, "cannot connect to " + uri + ": " + e.getMessage(), e);
    }
    active.add(uri);
    boolean kept = control.addedPeers() != null && control.addedPeers().add(uri);
    return answer(uri, kept ? "added; kept across restarts" : "added until this node stops");
  }

  private synchronized JsonNode peersRemove(JsonNode request) throws Exception {
    URI uri = uri(request);
    if (!active.contains(uri)) {
      throw new ControlException(
          ControlException.NOT_FOUND, uri + " is not a static peer of this node (see peers ls)");
    }
    node.transports()
        .removeStaticPeer(uri)
        .get(AdminServer.STATUS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    active.remove(uri);
    if (control.addedPeers() != null) {
      control.addedPeers().remove(uri);
    }
    return answer(
        uri,
        control.isConfigured(uri)
            ? "removed until restart: it is in --connect or the config file"
            : "removed");
  }

  private static JsonNode answer(URI uri, String what) {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("uri", uri.toString());
    json.put("result", what);
    return json;
  }
}
