package dev.conifer.session;

import io.netty.handler.codec.quic.Quic;
import org.junit.jupiter.api.Assumptions;

/** Skips a test cleanly when the native QUIC library cannot load on this platform. */
public final class QuicAvailable {
  private QuicAvailable() {}

  public static void assume() {
    Assumptions.assumeTrue(
        Quic.isAvailable(), () -> "native QUIC unavailable: " + Quic.unavailabilityCause());
  }
}
