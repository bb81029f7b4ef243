package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 concurrent clients on loopback for a few seconds (the 60 s run is {@code DoorwayLoadBench}):
 * no error but documented 503s, and the doorway's threads never exceed its fixed pools.
 */
@Tag("loopback")
@Timeout(120)
class DoorwayLoadTest {
  private static final long SEED = Long.getLong("doorway.seed", 0x10ad);

  @TempDir Path dir;

  @Test
  void twoHundredClientsGetOnlyCorrectAnswersOrDocumented503s() throws Exception {
    DoorwayLoad.Result r = DoorwayLoad.run(dir, 200, Duration.ofSeconds(5), SEED);
    System.out.println("doorway load (5 s, 200 clients): " + r);
    assertThat(r.errors()).as("seed " + SEED).isEmpty();
    assertThat(r.statuses().keySet()).isSubsetOf(200, 206, 304, 404, 503);
    assertThat(r.requests()).isPositive();
    assertThat(r.doorwayThreadsMax()).isLessThanOrEqualTo(r.doorwayThreadsAllowed());
  }
}
