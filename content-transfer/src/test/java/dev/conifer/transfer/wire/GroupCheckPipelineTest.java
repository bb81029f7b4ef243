package dev.conifer.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.UncheckedGroup;
import dev.conifer.transfer.hash.VerifiedGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class GroupCheckPipelineTest {
  static final int GROUPS = 24;
  static final BlobHash HASH = BlobHash.ofContent(new byte[] {1});

  /** Holds submitted tasks until the test runs them, in whatever order it likes. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    final List<Runnable> tasks = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void execute(Runnable r) {
      tasks.add(r);
    }
  }

  static byte[] content(long seed) {
    byte[] b = new byte[GROUPS * BlobTree.GROUP_LENGTH];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Group {@code g} of {@code content}, expected to hash to its true value; {@code bad} flips a
   * bit.
   */
  static UncheckedGroup group(byte[] content, int g, boolean bad) {
    int off = g * BlobTree.GROUP_LENGTH;
    byte[] data = Arrays.copyOfRange(content, off, off + BlobTree.GROUP_LENGTH);
    int[] expected = BlobTree.groupCv(g, data, 0, data.length, false);
    if (bad) {
      data[100] ^= 1;
    }
    return new UncheckedGroup(HASH, g, data, 0, data.length, expected, false);
  }

  static byte[] bytesOf(VerifiedGroup v) {
    return Arrays.copyOfRange(v.data(), v.offset(), v.offset() + v.length());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void groupsReachTheSinkInArrivalOrderWhateverOrderTheirHashesFinish(long seed) throws Exception {
    String why = "reproduce: seed=" + seed;
    byte[] content = content(seed);
    ManualExecutor pool = new ManualExecutor();
    List<VerifiedGroup> got = new ArrayList<>();
    GroupCheckPipeline checks = new GroupCheckPipeline(pool, GROUPS, got::add);
    for (int g = 0; g < GROUPS; g++) {
      checks.submit(group(content, g, false));
    }
    List<Runnable> order = new ArrayList<>(pool.tasks);
    Collections.shuffle(order, new Random(seed));
    order.forEach(Runnable::run);
    checks.finish();
    assertThat(got)
        .as(why)
        .extracting(VerifiedGroup::index)
        .containsExactlyElementsOf(range(GROUPS));
    for (VerifiedGroup v : got) {
      int off = (int) BlobTree.groupOffset(v.index());
      assertThat(bytesOf(v))
          .as(why)
          .isEqualTo(Arrays.copyOfRange(content, off, off + BlobTree.GROUP_LENGTH));
      assertThat(v.cv())
          .as(why)
          .isEqualTo(BlobTree.groupCv(v.index(), bytesOf(v), 0, v.length(), false));
    }
    assertThat(checks.inFlightPeak()).isEqualTo(GROUPS);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void badGroupAmongGoodOnesIsNeverDeliveredNorAnythingAfterIt(long seed) throws Exception {
    Random rnd = new Random(seed);
    int bad = 1 + rnd.nextInt(GROUPS - 2);
    String why = "reproduce: seed=" + seed + " bad group " + bad;
    byte[] content = content(seed);
    ManualExecutor pool = new ManualExecutor();
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    GroupCheckPipeline checks = new GroupCheckPipeline(pool, GROUPS, v -> got.add(v.index()));
    for (int g = 0; g < GROUPS; g++) {
      checks.submit(group(content, g, g == bad));
    }
    List<Runnable> order = new ArrayList<>(pool.tasks);
    Collections.shuffle(order, rnd);
    order.forEach(Runnable::run);
    assertThatThrownBy(checks::finish)
        .as(why)
        .isInstanceOfSatisfying(
            BlobsException.class,
            e -> assertThat(e.error()).isEqualTo(BlobsError.VERIFICATION_FAILED))
        .hasMessageContaining("group " + bad + " ");
    assertThat(got).as(why).containsExactlyElementsOf(range(bad));
    assertThatThrownBy(() -> checks.submit(group(content, 0, false)))
        .as("the pipeline stays failed")
        .isInstanceOf(BlobsException.class);
  }

  @Test
  void onARealPoolTheReaderLearnsOfTheLieAndTheSinkSeesOnlyTheGoodPrefix() throws Exception {
    byte[] content = content(21);
    int bad = 9;
    ExecutorService pool = Executors.newFixedThreadPool(2, FakeHolders.daemon());
    try {
      List<Long> got = Collections.synchronizedList(new ArrayList<>());
      GroupCheckPipeline checks = new GroupCheckPipeline(pool, 4, v -> got.add(v.index()));
      BlobsException failure = null;
      try {
        for (int g = 0; g < GROUPS; g++) {
          checks.submit(group(content, g, g == bad));
        }
        checks.finish();
      } catch (BlobsException e) {
        failure = e;
      }
      assertThat(failure).isNotNull();
      assertThat(failure.error()).isEqualTo(BlobsError.VERIFICATION_FAILED);
      assertThat(got).containsExactlyElementsOf(range(bad));
      assertThat(checks.inFlightPeak()).isLessThanOrEqualTo(4);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void submitBlocksWhileTheCapIsInFlightAndResumesWhenTheSinkCatchesUp() throws Exception {
    byte[] content = content(31);
    int cap = 4;
    ExecutorService pool = Executors.newFixedThreadPool(2, FakeHolders.daemon());
    java.util.concurrent.CountDownLatch sinkGate = new java.util.concurrent.CountDownLatch(1);
    try {
      List<Long> got = Collections.synchronizedList(new ArrayList<>());
      GroupCheckPipeline checks =
          new GroupCheckPipeline(
              pool,
              cap,
              v -> {
                try {
                  sinkGate.await(); // a slow disk: nothing leaves the pipeline until released
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                got.add(v.index());
              });
      for (int g = 0; g < cap; g++) {
        checks.submit(group(content, g, false));
      }
      AtomicReference<Throwable> error = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  checks.submit(group(content, cap, false));
                  checks.finish();
                } catch (Throwable t) {
                  error.set(t);
                }
              });
      reader.setDaemon(true);
      reader.start();
      // Every queued group gets hashed (by the pool or the helping reader), then the reader waits.
      await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
      assertThat(got).isEmpty();
      assertThat(checks.inFlightPeak()).isEqualTo(cap);
      sinkGate.countDown();
      reader.join(10_000);
      assertThat(reader.isAlive()).isFalse();
      assertThat(error.get()).isNull();
      assertThat(got).containsExactlyElementsOf(range(cap + 1));
      assertThat(checks.inFlightPeak()).isEqualTo(cap);
    } finally {
      sinkGate.countDown();
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBlockedReaderHashesUnstartedGroupsItselfButNeverOvertakesTheCap() throws Exception {
    byte[] content = content(32);
    int cap = 3;
    ManualExecutor pool = new ManualExecutor(); // a pool that never gets a core
    List<Long> got = new ArrayList<>();
    GroupCheckPipeline checks = new GroupCheckPipeline(pool, cap, v -> got.add(v.index()));
    for (int g = 0; g < 10; g++) {
      checks.submit(group(content, g, false));
    }
    checks.finish();
    assertThat(got).containsExactlyElementsOf(range(10));
    assertThat(checks.inFlightPeak()).isEqualTo(cap);
    pool.tasks.forEach(Runnable::run); // late pool runs of claimed checks do nothing
    assertThat(got).containsExactlyElementsOf(range(10));
  }

  @Test
  void aFailingSinkStopsDeliveryAndTheReaderGetsItsError() throws Exception {
    byte[] content = content(41);
    List<Long> got = new ArrayList<>();
    GroupCheckPipeline checks =
        new GroupCheckPipeline(
            Runnable::run,
            8,
            v -> {
              if (v.index() == 3) {
                throw new IOException("disk full");
              }
              got.add(v.index());
            });
    assertThatThrownBy(
            () -> {
              for (int g = 0; g < GROUPS; g++) {
                checks.submit(group(content, g, false));
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(got).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aRejectingPoolMeansTheReaderChecksInline() throws Exception {
    byte[] content = content(51);
    List<Long> got = new ArrayList<>();
    GroupCheckPipeline checks =
        new GroupCheckPipeline(
            r -> {
              throw new java.util.concurrent.RejectedExecutionException("shut down");
            },
            2,
            v -> got.add(v.index()));
    for (int g = 0; g < 5; g++) {
      checks.submit(group(content, g, false));
    }
    checks.finish();
    assertThat(got).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  static List<Long> range(int n) {
    List<Long> r = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void aMarkerRunsInOrderOnceTheGroupsBeforeItAreDelivered(long seed) throws Exception {
    String why = "reproduce: seed=" + seed;
    byte[] content = content(seed);
    ManualExecutor pool = new ManualExecutor();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    GroupCheckPipeline checks =
        new GroupCheckPipeline(pool, GROUPS + 2, v -> events.add("group " + v.index()));
    for (int g = 0; g < GROUPS; g++) {
      checks.submit(group(content, g, false));
      if (g % 8 == 7) {
        int end = g;
        checks.afterDelivered(() -> events.add("end " + end));
      }
    }
    assertThat(events).as(why + ": nothing hashed yet, so no marker ran").isEmpty();
    List<Runnable> order = new ArrayList<>(pool.tasks);
    Collections.shuffle(order, new Random(seed));
    order.forEach(Runnable::run);
    checks.finish();
    List<String> expected = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      expected.add("group " + g);
      if (g % 8 == 7) {
        expected.add("end " + g);
      }
    }
    assertThat(events).as(why).containsExactlyElementsOf(expected);
  }

  @Test
  void aMarkerAfterABadGroupNeverRuns() throws Exception {
    byte[] content = content(9);
    ManualExecutor pool = new ManualExecutor();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    GroupCheckPipeline checks =
        new GroupCheckPipeline(pool, GROUPS, v -> events.add("group " + v.index()));
    checks.submit(group(content, 0, false));
    checks.afterDelivered(() -> events.add("end 0"));
    checks.submit(group(content, 1, true));
    checks.afterDelivered(() -> events.add("end 1"));
    new ArrayList<>(pool.tasks).forEach(Runnable::run);
    assertThatThrownBy(checks::finish)
        .isInstanceOfSatisfying(
            BlobsException.class,
            e -> assertThat(e.error()).isEqualTo(BlobsError.VERIFICATION_FAILED));
    assertThat(events).containsExactly("group 0", "end 0");
  }

  @Test
  void finishingAfterTheVerificationFailureItselfReturnsItUnchanged() throws Exception {
    byte[] content = content(11);
    ManualExecutor pool = new ManualExecutor();
    GroupCheckPipeline checks = new GroupCheckPipeline(pool, GROUPS, v -> {});
    checks.submit(group(content, 0, true));
    new ArrayList<>(pool.tasks).forEach(Runnable::run);
    IOException thrown = null;
    try {
      checks.submit(group(content, 1, false));
    } catch (IOException e) {
      thrown = e;
    }
    assertThat(thrown).isInstanceOf(BlobsException.class);
    assertThat(checks.finishAfter(thrown)).isSameAs(thrown);
    assertThat(thrown.getSuppressed()).isEmpty();
  }
}
