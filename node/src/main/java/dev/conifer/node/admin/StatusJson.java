package dev.conifer.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.router.RouterStatus;

/**
 * The {@code /status} document, field for field as docs/NODE.md's contract: {@code publicKey},
 * {@code root {publicKey, sequence}}, {@code coords}, {@code parent}, {@code peers [{port,
 * publicKey, uri, type, zone}]} and {@code snake {descending, routes}}. Built by hand rather than
 * by reflection so that a new field on {@link RouterStatus} cannot silently change the contract.
 */
public final class StatusJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusJson() {}

  public static ObjectNode toJson(RouterStatus status) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("publicKey", status.publicKey());
    ObjectNode root = json.putObject("root");
    root.put("publicKey", status.root().publicKey());
    root.put("sequence", status.root().sequence());
    ArrayNode coords = json.putArray("coords");
    for (Long port : status.coords()) {
      coords.add(port);
    }
    json.put("parent", status.parent());
    ArrayNode peers = json.putArray("peers");
    for (RouterStatus.PeerStatus peer : status.peers()) {
      ObjectNode node = peers.addObject();
      node.put("port", peer.port());
      node.put("publicKey", peer.publicKey());
      node.put("uri", peer.uri());
      node.put("type", peer.type());
      node.put("zone", peer.zone());
    }
    ObjectNode snake = json.putObject("snake");
    snake.put("descending", status.snake().descending());
    snake.put("routes", status.snake().routes());
    return json;
  }

  public static byte[] toBytes(RouterStatus status) {
    try {
      return MAPPER.writeValueAsBytes(toJson(status));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a tree of plain JSON nodes", e);
    }
  }
}
