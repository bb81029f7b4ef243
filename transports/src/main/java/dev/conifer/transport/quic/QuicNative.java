package dev.conifer.transport.quic;

import io.netty.handler.codec.quic.Quic;
import java.util.Locale;
import java.util.Set;

/**
 * Whether Netty's native QUIC library may be missing here, decided by the platform, not by a load
 * error. The build ships the native jar for {@value #SHIPPED_PLATFORM} only (transports and session
 * poms); on any other OS/arch QUIC is legitimately absent. On {@value #SHIPPED_PLATFORM} a failure
 * to load is a bug, and {@link #ensureLoaded} says so instead of turning it into a skip.
 */
public final class QuicNative {
  static final String SHIPPED_PLATFORM = "linux-x86_64";
  private static final Set<String> X86_64 = Set.of("amd64", "x86_64");

  private QuicNative() {}

  /** This JVM's platform in the native jars' classifier form, e.g. {@code linux-x86_64}. */
  static String platform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (os.startsWith("linux")) {
      os = "linux";
    } else if (os.startsWith("mac") || os.startsWith("osx")) {
      os = "osx";
    } else if (os.startsWith("windows")) {
      os = "windows";
    }
    String arch = osArch.toLowerCase(Locale.ROOT);
    return os + "-" + (X86_64.contains(arch) ? "x86_64" : arch);
  }

  /** Null where the build ships the native library; otherwise one line saying it does not. */
  public static String missingOnThisPlatform() {
    return missingOn(
        platform(System.getProperty("os.name", ""), System.getProperty("os.arch", "")));
  }

  static String missingOn(String platform) {
    return SHIPPED_PLATFORM.equals(platform)
        ? null
        : "no native QUIC library for " + platform + " (the build ships " + SHIPPED_PLATFORM + ")";
  }

  /**
   * Returns normally if QUIC has loaded. Throws {@link IllegalStateException} with Netty's cause if
   * it has not: naming the platform when its library is not shipped, else calling it a failure.
   */
  public static void ensureLoaded() {
    if (Quic.isAvailable()) {
      return;
    }
    Throwable cause = Quic.unavailabilityCause();
    String missing = missingOnThisPlatform();
    throw new IllegalStateException(
        (missing != null ? missing : "native QUIC failed to load on " + SHIPPED_PLATFORM)
            + ": "
            + cause,
        cause);
  }
}
