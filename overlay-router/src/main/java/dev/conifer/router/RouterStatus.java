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
   * @param routes how many snake paths the table holds
   * @param paths the first {@link #LISTED_PATHS} of them, ascending by origin key
   */
  public record SnakeStatus(String descending, int routes, List<PathStatus> paths) {
    /** At most this many paths are listed: a status is cheap to take however big the table. */
    public static final int LISTED_PATHS = 256;

    public SnakeStatus {
      paths = List.copyOf(paths);
    }
  }

  /**
   * One snake path through this node: bootstrapped by {@code originKey}, it came in on {@code
   * sourcePort} and goes on to {@code destinationPort} (0 where it ends here).
   */
  public record PathStatus(String originKey, int sourcePort, int destinationPort) {}
}
