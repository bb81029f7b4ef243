package dev.conifer.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.router.RouterStatus;

/**
 * {@code GET /manhole}: the router's state in Go Pinecone's manhole shape (router/manhole.go), so
 * tooling written for Go nodes reads it: {@code public_key}, {@code coords}, {@code root
 * {root_public_key, root_sequence}}, {@code parent} (the parent's key, null at the root), {@code
 * peers} (key to a list of {@code {port, type, zone, uri}}) and {@code snek {descending, paths}}.
 * {@code paths} lists the snake paths through this node ({@code public_key} of the path's origin,
 * {@code source_port}, {@code destination_port}, 0 where the path ends here), the first 256 by
 * origin key; per-peer byte counts are on {@code /metrics} and absent here.
 */
final class ManholeJson {
  private ManholeJson() {}

  static ObjectNode toJson(RouterStatus status) {
    ObjectNode json = StatusJson.MAPPER.createObjectNode();
    json.put("public_key", status.publicKey());
    ArrayNode coords = json.putArray("coords");
    status.coords().forEach(coords::add);
    ObjectNode root = json.putObject("root");
    root.put("root_public_key", status.root().publicKey());
    root.put("root_sequence", status.root().sequence());
    json.put("parent", status.parent());
    ObjectNode peers = json.putObject("peers");
    for (RouterStatus.PeerStatus peer : status.peers()) {
      ArrayNode ports =
          peers.has(peer.publicKey())
              ? (ArrayNode) peers.get(peer.publicKey())
              : peers.putArray(peer.publicKey());
      ObjectNode entry = ports.addObject();
      entry.put("port", peer.port());
      entry.put("type", peer.type());
      entry.put("zone", peer.zone());
      entry.put("uri", peer.uri());
    }
    ObjectNode snek = json.putObject("snek");
    if (status.snake().descending() == null) {
      snek.putNull("descending");
    } else {
      snek.putObject("descending").put("public_key", status.snake().descending());
    }
    ArrayNode paths = snek.putArray("paths");
    for (RouterStatus.PathStatus path : status.snake().paths()) {
      ObjectNode entry = paths.addObject();
      entry.put("public_key", path.originKey());
      entry.put("source_port", path.sourcePort());
      entry.put("destination_port", path.destinationPort());
    }
    return json;
  }

  static byte[] toBytes(RouterStatus status) {
    try {
      return StatusJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(status));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a tree of plain JSON nodes", e);
    }
  }
}
