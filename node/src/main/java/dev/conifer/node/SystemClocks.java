package dev.conifer.node;

import dev.conifer.router.spi.EpochClock;
import dev.conifer.router.spi.NanoClock;

/** The real clocks. The node is the only module that reads them (docs/ARCHITECTURE.md, enforced by ClockAndRandomnessSeamsTest). */
public final class SystemClocks {
  public static final NanoClock NANO = System::nanoTime;
  public static final EpochClock EPOCH = System::currentTimeMillis;

  private SystemClocks() {}
}
