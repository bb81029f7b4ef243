package dev.conifer.node.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code blobs get} through a running node ({@code blobs/get}): the node fetches the blob into its
 * store and writes it to the output file, by absolute path.
 */
public final class DaemonBlobs {
  /** A large blob over a slow overlay takes a while; the node reports failures sooner. */
  static final Duration FETCH_TIMEOUT = Duration.ofHours(1);

  private DaemonBlobs() {}

  /** Returns the blob's size. */
  public static long get(ControlClient daemon, BlobHash hash, List<PublicKey> from, Path output) {
    ObjectNode request = ControlRoutes.JSON.createObjectNode().put("hash", hash.hex());
    request.put("output", output.toAbsolutePath().toString());
    from.forEach(key -> request.withArray("from").add(key.toHex()));
    return daemon.call("blobs/get", request, FETCH_TIMEOUT).path("size").asLong();
  }
}
