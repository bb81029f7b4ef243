package dev.conifer.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.wire.BlobsProtocolTest;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a child JVM (SIGKILL) at seeded points while it writes a blob, then reopens the store: a
 * blob is never complete unless every byte is right, and a partial one resumes.
 */
@Timeout(120)
class BlobStoreCrashTest {
  @TempDir Path dir;

  /** Starts the child and kills it after {@code killAfterLines} lines of progress. */
  void runAndKill(String mode, Path dataDir, long seed, int killAfterLines) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                mode,
                dataDir.toString(),
                Long.toString(seed))
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < killAfterLines; i++) {
        String line = r.readLine();
        if (line == null || line.equals("done")) {
          break;
        }
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "11, false",
    "22, false",
    "33, false",
    "44, false",
    "55, true",
    "66, true",
    "77, true"
  })
  void killedPartialWriteNeverLeavesACorruptCompleteBlobAndResumes(long seed, boolean direct)
      throws Exception {
    int killAfter = 1 + new Random(seed).nextInt(CrashChild.GROUPS + 2);
    Path dataDir = dir.resolve("data");
    runAndKill(direct ? "partial-direct" : "partial", dataDir, seed, killAfter);
    byte[] content = CrashChild.content(seed);
    BlobHash hash = BlobHash.ofContent(content);
    try (FileBlobStore store = new FileBlobStore(dataDir, () -> 0L)) {
      Optional<BlobInfo> info = store.info(hash);
      String why = "reproduce: seed=" + seed + " killAfterLines=" + killAfter + " direct=" + direct;
      if (info.isPresent() && info.get().complete()) {
        assertThat(Files.readAllBytes(store.dataFile(hash))).as(why).isEqualTo(content);
        return;
      }
      GroupRanges before = info.map(BlobInfo::present).orElse(GroupRanges.EMPTY);
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        for (long g = 0; g < BlobTree.groupCount(content.length); g++) {
          int off = (int) BlobTree.groupOffset(g);
          int len = BlobTree.groupLength(content.length, g);
          p.writeGroup(g, content, off, BlobTree.groupCv(g, content, off, len, false));
        }
        assertThat(p.tryComplete()).as(why).isTrue();
      }
      assertThat(store.has(hash)).isTrue();
      assertThat(Files.readAllBytes(store.dataFile(hash))).as(why).isEqualTo(content);
      assertThat(before.count()).as(why).isLessThanOrEqualTo(CrashChild.GROUPS);
    }
  }

  @ParameterizedTest
  @CsvSource({"101, false", "202, false", "303, true", "404, true"})
  void fetchKilledWithSigkillResumesFromWhatWasVerified(long seed, boolean direct)
      throws Exception {
    int killAfter = 2 + new Random(seed).nextInt(CrashChild.GROUPS - 4);
    Path dataDir = dir.resolve("data");
    runAndKill(direct ? "fetch-direct" : "fetch", dataDir, seed, killAfter);
    byte[] content = CrashChild.content(seed);
    String why = "reproduce: seed=" + seed + " killAfterLines=" + killAfter + " direct=" + direct;
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newCachedThreadPool(FakeHolders.daemon());
    try (FileBlobStore holder = new FileBlobStore(dir.resolve("holder2"), () -> 0L);
        FileBlobStore local = new FileBlobStore(dataDir.resolve("local"), () -> 0L);
        FakeHolders net = new FakeHolders()) {
      BlobHash hash = holder.put(new ByteArrayInputStream(content));
      net.add(FakeHolders.key(1), new BlobsServer(holder, BlobsConfig.defaults()));
      Optional<BlobInfo> before = local.info(hash);
      assertThat(before).as(why).isPresent();
      long resumable = before.get().complete() ? -1 : before.get().present().count();
      System.out.println(why + ": groups recorded before the kill " + resumable);
      FetchResult r =
          new BlobFetcher(local, net, BlobsConfig.defaults(), System::nanoTime, executor)
              .fetch(hash, java.util.List.of(FakeHolders.key(1)), null);
      assertThat(local.has(hash)).as(why).isTrue();
      assertThat(Files.readAllBytes(local.dataFile(hash))).as(why).isEqualTo(content);
      if (resumable >= 0) {
        assertThat(r.resumedGroups()).as(why).isEqualTo(resumable);
        assertThat(r.groupsByHolder().get(FakeHolders.key(1)))
            .as(why)
            .isEqualTo(BlobTree.groupCount(content.length) - resumable);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void killedImportLeavesNothingOrACompleteCorrectBlob(long seed) throws Exception {
    int killAfter = 1 + new Random(seed).nextInt(CrashChild.GROUPS * 4);
    Path dataDir = dir.resolve("data");
    runAndKill("put", dataDir, seed, killAfter);
    byte[] content = CrashChild.content(seed);
    BlobHash hash = BlobHash.ofContent(content);
    try (FileBlobStore store = new FileBlobStore(dataDir, () -> 0L)) {
      Optional<BlobInfo> info = store.info(hash);
      if (info.isPresent()) {
        assertThat(info.get().complete()).isTrue();
        assertThat(Files.readAllBytes(store.dataFile(hash))).isEqualTo(content);
      }
      try (var tmp = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
        assertThat(tmp.count()).as("staged imports are cleaned on open").isZero();
      }
      assertThat(store.put(new ByteArrayInputStream(content))).isEqualTo(hash);
      assertThat(Arrays.equals(Files.readAllBytes(store.dataFile(hash)), content)).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void completionRecheckDropsResumedGroupsWhoseBytesChangedOnDisk() throws IOException {
    byte[] content = CrashChild.content(7);
    BlobHash hash = BlobHash.ofContent(content);
    try (FileBlobStore store = new FileBlobStore(dir, () -> 0L)) {
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        for (long g = 0; g < BlobTree.groupCount(content.length); g++) {
          int off = (int) BlobTree.groupOffset(g);
          int len = BlobTree.groupLength(content.length, g);
          p.writeGroup(g, content, off, BlobTree.groupCv(g, content, off, len, false));
        }
        p.flush(); // as if the process died here, with every group recorded
      }
      BlobsProtocolTest.corrupt(store.dataFile(hash), 3L * BlobTree.GROUP_LENGTH + 9);
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        assertThat(p.tryComplete()).isFalse();
        assertThat(p.present().contains(3)).isFalse();
        assertThat(p.present().count()).isEqualTo(CrashChild.GROUPS - 1);
        assertThat(store.has(hash)).isFalse();
        int off = 3 * BlobTree.GROUP_LENGTH;
        p.writeGroup(
            3, content, off, BlobTree.groupCv(3, content, off, BlobTree.GROUP_LENGTH, false));
        assertThat(p.tryComplete()).isTrue();
      }
      assertThat(store.has(hash)).isTrue();
      assertThat(Files.readAllBytes(store.dataFile(hash))).isEqualTo(content);
    }
  }

  @org.junit.jupiter.api.Test
  void wrongChainingValuesNeverCompleteABlob() throws IOException {
    byte[] content = CrashChild.content(8);
    BlobHash hash = BlobHash.ofContent(content);
    try (FileBlobStore store = new FileBlobStore(dir, () -> 0L)) {
      try (PartialBlob p = store.openPartial(hash, content.length)) {
        for (long g = 0; g < BlobTree.groupCount(content.length); g++) {
          int off = (int) BlobTree.groupOffset(g);
          int len = BlobTree.groupLength(content.length, g);
          int[] cv = BlobTree.groupCv(g, content, off, len, false);
          if (g == 5) {
            cv[0] ^= 1; // a caller bug: the root check over all chaining values catches it
          }
          p.writeGroup(g, content, off, cv);
        }
        assertThat(p.tryComplete()).isFalse();
        assertThat(p.present().isEmpty()).isTrue();
      }
      assertThat(store.has(hash)).isFalse();
    }
  }
}
