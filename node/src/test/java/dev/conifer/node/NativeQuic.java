package dev.conifer.node;

import dev.conifer.transport.quic.QuicNative;
import org.junit.jupiter.api.Assumptions;

/** Skips only on a platform for which the build ships no native QUIC library (QuicNative). */
public final class NativeQuic {
  private NativeQuic() {}

  public static void assumeShipped() {
    String missing = QuicNative.missingOnThisPlatform();
    Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
  }
}
