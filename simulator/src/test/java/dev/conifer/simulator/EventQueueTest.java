package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.model.SimRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  private final SimClock clock = new SimClock();
  private final EventQueue queue = new EventQueue(clock);
  private final List<String> log = new ArrayList<>();

  private EventQueue.Event named(String name) {
    return new EventQueue.Event() {
      @Override
      protected void run(long nowNs) {
        log.add(name + "@" + nowNs);
      }
    };
  }

  @Test
  void runsByTimeThenBySchedulingOrder() {
    queue.schedule(30, named("c"));
    queue.schedule(10, named("a1"));
    queue.schedule(20, named("b"));
    queue.schedule(10, named("a2"));
    queue.schedule(10, named("a3"));
    queue.runUntil(100);
    assertThat(log).containsExactly("a1@10", "a2@10", "a3@10", "b@20", "c@30");
    assertThat(clock.nowNs()).isEqualTo(100);
    assertThat(queue.processedCount()).isEqualTo(5);
  }

  @Test
  void stopsAtTheEndTimeAndKeepsLaterEvents() {
    queue.schedule(50, named("early"));
    queue.schedule(150, named("late"));
    queue.runUntil(100);
    assertThat(log).containsExactly("early@50");
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.peekTimeNs()).isEqualTo(150);
  }

  @Test
  void anEventScheduledInThePastRunsNowAfterTheCurrentOnes() {
    queue.schedule(
        10,
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            queue.schedule(0, named("past"));
            log.add("first@" + nowNs);
          }
        });
    queue.schedule(10, named("second"));
    queue.runUntil(20);
    assertThat(log).containsExactly("first@10", "second@10", "past@10");
  }

  @Test
  void manyRandomEventsComeOutSorted() {
    SimRandom r = new SimRandom(3);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      long t = r.nextLong(1000);
      queue.schedule(
          t,
          new EventQueue.Event() {
            @Override
            protected void run(long nowNs) {
              times.add(nowNs);
            }
          });
    }
    queue.runUntil(1000);
    assertThat(times).hasSize(5000).isSorted();
  }

  @Test
  void randomEventsComeOutByTimeThenBySchedulingOrderEvenWhenScheduledWhileRunning() {
    long seed = Long.getLong("sim.seed", 17);
    SimRandom r = new SimRandom(seed);
    List<long[]> ran = new ArrayList<>(); // {time, scheduling order}
    long[] order = {0};
    for (int i = 0; i < 3000; i++) {
      scheduleRandom(r, ran, order, 0);
    }
    queue.runUntil(10_000);
    assertThat(ran).as("seed " + seed).hasSize(6000);
    for (int i = 1; i < ran.size(); i++) {
      long[] a = ran.get(i - 1);
      long[] b = ran.get(i);
      assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]))
          .as("seed %d: event %d (t=%d, #%d) after (t=%d, #%d)", seed, i, b[0], b[1], a[0], a[1])
          .isTrue();
    }
  }

  /** Few distinct times, so ties are common; each first-generation event schedules one more. */
  private void scheduleRandom(SimRandom r, List<long[]> ran, long[] order, int generation) {
    long number = order[0]++;
    queue.schedule(
        clock.nowNs() + r.nextLong(50),
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            ran.add(new long[] {nowNs, number});
            if (generation == 0) {
              scheduleRandom(r, ran, order, 1);
            }
          }
        });
  }
}
