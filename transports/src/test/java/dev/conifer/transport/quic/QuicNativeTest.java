package dev.conifer.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.codec.quic.Quic;
import org.junit.jupiter.api.Test;

class QuicNativeTest {
  @Test
  void namesPlatformsAsTheNativeJarsDo() {
    assertThat(QuicNative.platform("Linux", "amd64")).isEqualTo("linux-x86_64");
    assertThat(QuicNative.platform("Linux", "aarch64")).isEqualTo("linux-aarch64");
    assertThat(QuicNative.platform("Mac OS X", "x86_64")).isEqualTo("osx-x86_64");
    assertThat(QuicNative.platform("Windows 11", "amd64")).isEqualTo("windows-x86_64");
  }

  @Test
  void onlyUnshippedPlatformsMayLackTheLibrary() {
    assertThat(QuicNative.missingOn("linux-x86_64")).isNull();
    assertThat(QuicNative.missingOn("osx-aarch64"))
        .isEqualTo("no native QUIC library for osx-aarch64 (the build ships linux-x86_64)");
  }

  /** On the platform the build ships for, QUIC must load: a failure here fails CI, never skips. */
  @Test
  void loadsWhereverTheBuildShipsIt() {
    String missing = QuicNative.missingOnThisPlatform();
    assumeTrue(missing == null, () -> "skipped: " + missing);
    QuicNative.ensureLoaded();
    assertThat(Quic.isAvailable()).isTrue();
  }
}
