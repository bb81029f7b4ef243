package dev.conifer.transfer.wire;

import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import java.util.ArrayDeque;

/**
 * Pre-order walk of the group tree restricted to the groups in a request: for each node that covers
 * a wanted group it yields the parent node, then descends left before right; at a wanted group it
 * yields the group. Sender and receiver run the same walk, so the order of a response is fully
 * determined by (size, ranges) and needs no per-item addressing (the bao approach).
 *
 * <p>The receiver attaches the expected chaining value to each node: the root hash at the top, then
 * the halves of every verified parent node.
 */
final class TreeWalk {
  /** One step: a parent node when {@code count > 1}, else the group {@code start}. */
  static final class Step {
    final long start;
    final long count;
    final boolean root;
    int[] expectedCv;

    Step(long start, long count, boolean root, int[] expectedCv) {
      this.start = start;
      this.count = count;
      this.root = root;
      this.expectedCv = expectedCv;
    }

    boolean isGroup() {
      return count == 1;
    }

    long leftCount() {
      return BlobTree.leftGroups(count);
    }
  }

  private final GroupRanges wanted;
  private final ArrayDeque<Step> stack = new ArrayDeque<>();

  TreeWalk(long size, GroupRanges wanted, int[] rootCv) {
    this.wanted = wanted;
    long n = BlobTree.groupCount(size);
    if (wanted.intersects(0, n)) {
      stack.push(new Step(0, n, true, rootCv));
    }
  }

  boolean hasNext() {
    return !stack.isEmpty();
  }

  /**
   * The next step; for a parent, its children are queued with the given child CVs (may be null).
   */
  Step next() {
    return stack.pop();
  }

  void descend(Step parent, int[] leftCv, int[] rightCv) {
    long left = parent.leftCount();
    long rightStart = parent.start + left;
    long rightCount = parent.count - left;
    if (wanted.intersects(rightStart, rightStart + rightCount)) {
      stack.push(new Step(rightStart, rightCount, false, rightCv));
    }
    if (wanted.intersects(parent.start, rightStart)) {
      stack.push(new Step(parent.start, left, false, leftCv));
    }
  }
}
