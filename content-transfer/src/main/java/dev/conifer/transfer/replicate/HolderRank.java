package dev.conifer.transfer.replicate;

import java.util.List;

/**
 * The order in which holders are asked for a publisher's list and blobs: always-on members of one
 * of the asking node's clusters first (they are there when laptops and phones are not), then the
 * publisher itself, then anyone else. Lower is better.
 */
public final class HolderRank {
  private HolderRank() {}

  /**
   * @param role the holder's declared role, or null when unknown
   * @param clusters the holder's declared clusters
   * @param isPublisher whether the holder is the publisher itself
   * @param myClusters the asking node's clusters
   */
  public static int of(
      NodeRole role, List<String> clusters, boolean isPublisher, List<String> myClusters) {
    if (role == NodeRole.ALWAYS_ON && clusters.stream().anyMatch(myClusters::contains)) {
      return 0;
    }
    return isPublisher ? 1 : 2;
  }
}
