package dev.conifer.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The periodic syncs run in the background; these pin down what the index sees. */
@Timeout(60)
class FilePartialBlobTest {
  @TempDir Path dir;

  static List<Long> shuffledGroups(long groups, long seed) {
    List<Long> order = new ArrayList<>();
    for (long g = 0; g < groups; g++) {
      order.add(g);
    }
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  static void write(PartialBlob p, byte[] content, long g) throws Exception {
    int off = (int) BlobTree.groupOffset(g);
    int len = BlobTree.groupLength(content.length, g);
    assertThat(p.writeGroup(g, content, off, BlobTree.groupCv(g, content, off, len, false)))
        .isTrue();
  }

  /** Every blob through direct I/O (where the file system has it), or every blob buffered. */
  static long directWritesFrom(boolean direct) {
    return direct ? 0 : Long.MAX_VALUE;
  }

  @ParameterizedTest
  @CsvSource({"1, false", "2, false", "3, false", "1, true", "2, true", "3, true"})
  void backgroundSyncsNeverRecordAPartialStateAfterCompletion(long seed, boolean direct)
      throws Exception {
    byte[] content = CrashChild.content(seed);
    BlobHash hash = BlobHash.ofContent(content);
    long groups = BlobTree.groupCount(content.length);
    // A sync after every group, so one is nearly always running when completion comes.
    try (FileBlobStore store = new FileBlobStore(dir, () -> 0L, 1, directWritesFrom(direct))) {
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        for (long g : shuffledGroups(groups, seed)) {
          write(p, content, g);
        }
        assertThat(p.tryComplete()).as("reproduce: seed=" + seed + " direct=" + direct).isTrue();
      }
      assertThat(store.info(hash).orElseThrow().complete()).isTrue();
    }
    try (FileBlobStore reopened = new FileBlobStore(dir, () -> 0L)) {
      assertThat(reopened.has(hash)).isTrue();
      assertThat(Files.readAllBytes(reopened.dataFile(hash))).isEqualTo(content);
    }
  }

  @ParameterizedTest
  @CsvSource({"4, false", "5, false", "6, false", "4, true", "5, true", "6, true"})
  void flushRecordsEveryWrittenGroupWhileBackgroundSyncsRun(long seed, boolean direct)
      throws Exception {
    byte[] content = CrashChild.content(seed);
    BlobHash hash = BlobHash.ofContent(content);
    List<Long> order = shuffledGroups(BlobTree.groupCount(content.length), seed);
    int written = 1 + new Random(seed).nextInt(order.size() - 1);
    String why = "reproduce: seed=" + seed + " written=" + written + " direct=" + direct;
    long flushLength = 2L * BlobTree.GROUP_LENGTH;
    try (FileBlobStore store =
        new FileBlobStore(dir, () -> 0L, flushLength, directWritesFrom(direct))) {
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        GroupRanges expected = GroupRanges.EMPTY;
        for (long g : order.subList(0, written)) {
          write(p, content, g);
          expected = expected.union(GroupRanges.of(g, g + 1));
        }
        p.flush();
        assertThat(store.info(hash).orElseThrow().present()).as(why).isEqualTo(expected);
        assertThat(store.info(hash).orElseThrow().complete()).as(why).isFalse();
      }
    }
    // What the index records is on disk: every recorded group reads back as the content.
    try (FileBlobStore reopened = new FileBlobStore(dir, () -> 0L)) {
      byte[] onDisk = Files.readAllBytes(reopened.dataFile(hash));
      for (long g : order.subList(0, written)) {
        int off = (int) BlobTree.groupOffset(g);
        int end = off + BlobTree.groupLength(content.length, g);
        assertThat(java.util.Arrays.equals(onDisk, off, end, content, off, end))
            .as(why + " group " + g)
            .isTrue();
      }
    }
  }
}
