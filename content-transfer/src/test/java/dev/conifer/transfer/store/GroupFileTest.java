package dev.conifer.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.conifer.transfer.hash.BlobTree;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Direct and buffered writes must leave the same bytes, and staged bytes land only on drain. */
class GroupFileTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"1, true", "2, true", "3, true", "1, false", "2, false"})
  void everyWritePatternLeavesTheContentOnDisk(long seed, boolean tryDirect) throws Exception {
    Random random = new Random(seed);
    // 150 groups minus a short tail: more than two stage buffers, and a last group that is short.
    byte[] content = new byte[150 * BlobTree.GROUP_LENGTH - 1 - random.nextInt(1000)];
    random.nextBytes(content);
    long groups = BlobTree.groupCount(content.length);
    // Shuffled runs of consecutive groups, so staging is cut by gaps, by a full stage and by
    // drains.
    List<Long> order = FilePartialBlobTest.shuffledGroups(groups, seed);
    Path file = dir.resolve("blob.data");
    String why = "reproduce: seed=" + seed + " tryDirect=" + tryDirect;
    try (GroupFile f =
        GroupFile.open(file, content.length, tryDirect ? new StageBuffers(1) : null)) {
      f.reserve(content.length);
      int i = 0;
      while (i < order.size()) {
        long first = order.get(i++);
        int run = 1 + random.nextInt(80);
        for (long g = first; g < first + run && g < groups; g++) {
          write(f, content, g);
        }
        while (i < order.size() && order.get(i) >= first && order.get(i) < first + run) {
          i++; // already written as part of the run
        }
        if (random.nextInt(5) == 0) {
          f.drain();
        }
      }
      f.drain();
      f.force();
    }
    assertThat(Arrays.equals(Files.readAllBytes(file), content)).as(why).isTrue();
  }

  @Test
  void stagedGroupsReachTheFileOnlyWhenDrained() throws Exception {
    byte[] content = new byte[8 * BlobTree.GROUP_LENGTH];
    new Random(9).nextBytes(content);
    Path file = dir.resolve("staged.data");
    try (GroupFile f = GroupFile.open(file, content.length, new StageBuffers(1))) {
      assumeThat(f.isDirect()).as("this file system offers direct I/O").isTrue();
      f.reserve(content.length);
      for (long g = 2; g < 5; g++) {
        write(f, content, g);
      }
      byte[] read = new byte[3 * BlobTree.GROUP_LENGTH];
      f.readAt(ByteBuffer.wrap(read), BlobTree.groupOffset(2));
      assertThat(read).as("staged, not yet written").containsOnly(0);
      f.drain();
      f.readAt(ByteBuffer.wrap(read), BlobTree.groupOffset(2));
      assertThat(read)
          .isEqualTo(
              Arrays.copyOfRange(
                  content, (int) BlobTree.groupOffset(2), (int) BlobTree.groupOffset(5)));
    }
  }

  @Test
  void aBlobOfLessThanOneGroupIsWrittenThroughTheCache() throws Exception {
    StageBuffers stages = new StageBuffers(1);
    try (GroupFile f = GroupFile.open(dir.resolve("small.data"), 1000, stages)) {
      assertThat(f.isDirect()).isFalse();
      assertThat(stages.lent()).isZero();
    }
  }

  @Test
  void blobsBeyondTheBufferLimitAreWrittenThroughTheCacheAndBuffersComeBack() throws Exception {
    StageBuffers stages = new StageBuffers(1);
    long size = 4 * BlobTree.GROUP_LENGTH;
    try (GroupFile first = GroupFile.open(dir.resolve("a.data"), size, stages)) {
      assumeThat(first.isDirect()).as("this file system offers direct I/O").isTrue();
      try (GroupFile second = GroupFile.open(dir.resolve("b.data"), size, stages)) {
        assertThat(second.isDirect()).as("no buffer left").isFalse();
        assertThat(stages.lent()).isEqualTo(1);
      }
    }
    assertThat(stages.lent()).as("closing gives the buffer back").isZero();
    try (GroupFile third = GroupFile.open(dir.resolve("c.data"), size, stages)) {
      assertThat(third.isDirect()).isTrue();
    }
  }

  static void write(GroupFile f, byte[] content, long g) throws Exception {
    int off = (int) BlobTree.groupOffset(g);
    f.write(g, content, off, BlobTree.groupLength(content.length, g));
  }
}
