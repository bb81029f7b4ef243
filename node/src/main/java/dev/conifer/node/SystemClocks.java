package dev.conifer.node;

import dev.conifer.router.spi.EpochClock;
import dev.conifer.router.spi.NanoClock;
import java.time.Clock;

/**
 * The real clocks, handed to the other modules as they are wired together. The node is the only
 * module that reads them (docs/ARCHITECTURE.md; ClockAndRandomnessSeamsTest enforces it).
 */
public final class SystemClocks {
  public static final NanoClock NANO = System::nanoTime;
  public static final EpochClock EPOCH = System::currentTimeMillis;
  public static final Clock WALL = Clock.systemUTC();

  private SystemClocks() {}
}
