package dev.conifer.transport.testing;

import dev.conifer.transport.TransportClocks;
import java.time.Clock;

/** Tests may read the real clock; they hand it to the transports as the node does. */
public final class TestClocks {
  public static final TransportClocks REAL =
      new TransportClocks(System::nanoTime, Clock.systemUTC());

  private TestClocks() {}
}
