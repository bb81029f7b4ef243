package dev.conifer.transport.bt;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether Bluetooth can run here, decided without letting BlueCove print: BlueCove dumps a stack
 * trace when its native library cannot link, so first check for {@code libbluetooth.so} (Debian
 * {@code libbluetooth-dev}) and an adapter under {@code /sys/class/bluetooth}, and only then ask
 * JSR-82 for the local device.
 */
public final class BluetoothSupport {
  /** The one line printed when bt:// cannot be used. */
  public static final String DISABLED = "no Bluetooth adapter: bt:// disabled";

  private static volatile String cachedReason;
  private static volatile boolean probed;

  private BluetoothSupport() {}

  /** Null when Bluetooth is usable, else {@link #DISABLED} and why. Probes once per JVM. */
  public static synchronized String unavailableReason() {
    if (!probed) {
      cachedReason = probe();
      probed = true;
    }
    return cachedReason;
  }

  private static String probe() {
    if (!libraryPresent()) {
      return DISABLED + " (libbluetooth.so not found; install libbluetooth-dev)";
    }
    File adapters = new File("/sys/class/bluetooth");
    String[] names = adapters.list();
    if (names == null || names.length == 0) {
      return DISABLED + " (no adapter under /sys/class/bluetooth)";
    }
    try {
      javax.bluetooth.LocalDevice.getLocalDevice();
      return null;
    } catch (Throwable e) { // BluetoothStateException, or a native library that failed to link
      return DISABLED + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }

  private static boolean libraryPresent() {
    List<String> dirs = new ArrayList<>();
    for (String dir : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
      dirs.add(dir);
    }
    dirs.addAll(
        List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/lib"));
    for (String dir : dirs) {
      if (!dir.isEmpty() && new File(dir, "libbluetooth.so").exists()) {
        return true;
      }
    }
    return false;
  }
}
