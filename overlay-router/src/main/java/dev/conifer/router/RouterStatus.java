package dev.conifer.router;

import java.util.List;

/**
 * A consistent snapshot of the router, taken on the router thread. Shaped like NODE.md's {@code
 * /status} JSON: keys are lower-case hex strings.
 *
 * @param parent the parent's public key, or null if this node is a root
 * @param parentPort the parent's port, or {@code SnekNode.NO_PORT}
 */
public record RouterStatus(
    String publicKey,
    RootStatus root,
    List<Long> coords,
    String parent,
    int parentPort,
    List<PeerStatus> peers,
    SnakeStatus snake) {

  public RouterStatus {
    coords = List.copyOf(coords);
    peers = List.copyOf(peers);
  }

  public record RootStatus(String publicKey, long sequence) {}

  /** One peering; {@code type} is the {@code PeerType} name, e.g. "REMOTE". */
  public record PeerStatus(int port, String publicKey, String uri, String type, String zone) {}

  /**
   * @param descending the descending neighbour's key, or null
   */
  public record SnakeStatus(String descending, int routes) {}
}
