package dev.conifer.session;

import dev.conifer.transport.quic.QuicNative;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test only on a platform for which the build ships no native QUIC library; where it is
 * shipped, a failure to load fails the test ({@link QuicNative}).
 */
public final class QuicAvailable {
  private QuicAvailable() {}

  public static void assume() {
    String missing = QuicNative.missingOnThisPlatform();
    Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
    QuicNative.ensureLoaded();
  }
}
