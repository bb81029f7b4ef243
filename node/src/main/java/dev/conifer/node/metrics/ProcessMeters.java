package dev.conifer.node.metrics;

import dev.conifer.node.cli.Conifer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process meters Prometheus' conventions name (the ones its client libraries export): {@code
 * process_cpu_seconds_total}, {@code process_resident_memory_bytes}, {@code process_open_fds},
 * {@code process_max_fds}, and {@code conifer_build_info}. Micrometer's own {@code
 * process.cpu.time} (nanoseconds, named {@code _ns_total}) and {@code system.cpu.count} (a gauge
 * named like a histogram's count) are replaced, so {@code promtool check metrics} passes.
 */
public final class ProcessMeters {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final double NANOS_PER_SECOND = 1e9;

  private ProcessMeters() {}

  /** Call before any binder registers: the filters drop or rename what breaks the conventions. */
  public static void configure(MeterRegistry registry) {
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public io.micrometer.core.instrument.Meter.Id map(
                  io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
  }

  public static void bindTo(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
      FunctionCounter.builder("process.cpu", hotspot, b -> b.getProcessCpuTime() / NANOS_PER_SECOND)
          .baseUnit("seconds")
          .description("CPU time this process used")
          .register(registry);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      Gauge.builder("process.open.fds", unix, u -> u.getOpenFileDescriptorCount())
          .description("open file descriptors")
          .register(registry);
      Gauge.builder("process.max.fds", unix, u -> u.getMaxFileDescriptorCount())
          .description("the limit on open file descriptors")
          .register(registry);
    }
    if (Files.isReadable(STATUS)) {
      Gauge.builder("process.resident.memory", ProcessMeters::residentBytes)
          .baseUnit("bytes")
          .description("resident set size (from /proc/self/status VmRSS)")
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder("conifer.build.info", () -> 1)
        .tags("version", Conifer.VERSION, "java", Runtime.version().toString())
        .description("always 1; the labels say which build runs")
        .strongReference(true)
        .register(registry);
  }

  /** VmRSS in bytes, or NaN (Prometheus' "no value") if the kernel does not say. */
  static double residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("VmRSS:")) {
          String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
          return Long.parseLong(fields[0]) * 1024.0; // always in kB
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
