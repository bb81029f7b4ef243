package dev.conifer.transport.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.transport.testing.TestKeys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two discovery endpoints in two network namespaces joined by a veth pair, both created here and
 * deleted in {@code finally}. Addresses come from TEST-NET-1 (192.0.2.0/24, documentation only) and
 * IPv6 link-local, and exist only inside the namespaces: the host's interfaces are never touched
 * and nothing is sent outside the namespaces. Skips when namespaces cannot be created (no root, no
 * {@code ip}).
 */
@Tag("netns")
@Timeout(90)
class MulticastNamespaceTest {
  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
  private final String ns1 = "conifer-mc1-" + suffix;
  private final String ns2 = "conifer-mc2-" + suffix;

  private static Result run(long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + String.join(" ", command));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), out);
  }

  private record Result(int exit, String output) {}

  private static void must(String... command) throws Exception {
    Result r = run(20, command);
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output);
    }
  }

  @Test
  void twoNodesOnAVethPairFindEachOtherDespiteMalformedBeacons() throws Exception {
    Result probe;
    try {
      probe = run(10, "ip", "netns", "add", ns1);
    } catch (IOException e) {
      probe = new Result(-1, e.getMessage());
    }
    Assumptions.assumeTrue(
        probe.exit == 0,
        "skipped: cannot create network namespaces here (needs root and iproute2): "
            + probe.output.trim());
    try {
      must("ip", "netns", "add", ns2);
      // Created inside ns1 with its peer inside ns2: the host namespace never sees the pair.
      must(
          "ip", "-n", ns1, "link", "add", "c1", "type", "veth", "peer", "name", "c2", "netns", ns2);
      setUp(ns1, "c1", "192.0.2.1/24");
      setUp(ns2, "c2", "192.0.2.2/24");

      String java =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      String classpath = System.getProperty("java.class.path");
      String keyA = TestKeys.A.publicKey().toHex();
      String keyB = TestKeys.B.publicKey().toHex();
      List<Process> processes = new ArrayList<>();
      processes.add(probeProcess(ns1, java, classpath, 1, keyB, "c1", "garbage"));
      processes.add(probeProcess(ns2, java, classpath, 2, keyA, "c2", "expect-garbage"));
      List<String> outputs = new ArrayList<>();
      for (Process process : processes) {
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
          process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        outputs.add(out);
        System.out.println("--- probe output ---\n" + out);
        assertThat(exited && process.exitValue() == 0).as("probe output:\n" + out).isTrue();
      }
      assertThat(outputs.get(0)).contains("FOUND " + keyB + " MULTICAST c1");
      assertThat(outputs.get(1)).contains("FOUND " + keyA + " MULTICAST c2");
      // B counted A's malformed datagrams and still found A: they never stop discovery.
      assertThat(outputs.get(1)).containsPattern("malformed=[1-9]");
    } finally {
      run(10, "ip", "netns", "del", ns1);
      run(10, "ip", "netns", "del", ns2);
    }
  }

  private static void setUp(String ns, String dev, String address) throws Exception {
    must("ip", "-n", ns, "link", "set", "lo", "up");
    must("ip", "-n", ns, "addr", "add", address, "dev", dev);
    must("ip", "-n", ns, "link", "set", dev, "up");
  }

  private static Process probeProcess(
      String ns,
      String java,
      String classpath,
      int seedByte,
      String expectedKey,
      String iface,
      String mode)
      throws IOException {
    return new ProcessBuilder(
            "ip",
            "netns",
            "exec",
            ns,
            java,
            "-cp",
            classpath,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            MulticastProbeMain.class.getName(),
            Integer.toString(seedByte),
            expectedKey,
            iface,
            "45",
            mode)
        .redirectErrorStream(true)
        .start();
  }
}
