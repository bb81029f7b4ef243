package dev.conifer.bench.chain;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Bytes allocated by a relay JVM's threads, read through the attach API and JMX ({@code
 * ThreadMXBean.getThreadAllocatedBytes}). Unlike CPU time this hardly moves with the machine's
 * load, so allocation per message compares two builds even on a busy machine. The JMX agent's own
 * threads (RMI, JMX) are left out: they allocate for our reads.
 */
final class AllocationProbe implements AutoCloseable {
  private final JMXConnector connector;
  private final com.sun.management.ThreadMXBean threads;

  private AllocationProbe(JMXConnector connector, com.sun.management.ThreadMXBean threads) {
    this.connector = connector;
    this.threads = threads;
  }

  static AllocationProbe attach(long pid) throws IOException {
    String url;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        url = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
    } catch (com.sun.tools.attach.AttachNotSupportedException e) {
      throw new IOException("cannot attach to " + pid + ": " + e.getMessage(), e);
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
    return new AllocationProbe(
        connector,
        ManagementFactory.newPlatformMXBeanProxy(
            connector.getMBeanServerConnection(),
            ManagementFactory.THREAD_MXBEAN_NAME,
            com.sun.management.ThreadMXBean.class));
  }

  /** Allocated bytes so far by thread-name group (digits removed), agent threads excluded. */
  Map<String, Long> snapshot() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
    Map<String, Long> byName = new TreeMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || bytes[i] < 0) {
        continue; // ended meanwhile, or not measurable
      }
      String name = infos[i].getThreadName();
      if (name.startsWith("RMI") || name.startsWith("JMX") || name.startsWith("Attach")) {
        continue;
      }
      byName.merge(name.replaceAll("[0-9]+", "#"), bytes[i], Long::sum);
    }
    return byName;
  }

  /** Bytes allocated between two snapshots by all threads measured. */
  static long total(Map<String, Long> before, Map<String, Long> after) {
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      total += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return total;
  }

  /** Markdown rows: bytes allocated per message by each thread group that allocated. */
  static String rows(String label, Map<String, Long> before, Map<String, Long> after, long n) {
    StringBuilder out = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long bytes = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (bytes <= 0) {
        continue;
      }
      total += bytes;
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %s | %.1f |%n",
              label,
              e.getKey(),
              bytes / (double) n));
    }
    out.append(
        String.format(
            java.util.Locale.ROOT,
            "| %s | **all threads** | **%.1f** |%n",
            label,
            total / (double) n));
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
