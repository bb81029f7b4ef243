package dev.conifer.bench.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records a relay's CPU with Linux {@code perf} (software clock, so it works in VMs without
 * hardware counters) while a cell runs, then writes the JIT's symbol map ({@code jcmd
 * Compiler.perfmap}) so that Java frames have names, and a flat report of the top symbols. The
 * kernel's share and the Java frames' shares, compared with the byte relay's in the same run, say
 * where a relay's extra CPU per message goes. Skipped (with a note) when perf is not installed.
 */
final class PerfRecorder {
  private final Path data;
  private final long pid;
  private final Process perf;
  private final Process stat;
  private final Path statOut;

  /** System calls a relay makes per message, counted by {@code perf stat} (tracepoints). */
  private static final List<String> SYSCALLS =
      List.of(
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2",
          "read",
          "recvfrom",
          "readv",
          "write",
          "writev",
          "sendto",
          "sendmsg",
          "futex");

  private PerfRecorder(Path data, long pid, Process perf, Process stat, Path statOut) {
    this.data = data;
    this.pid = pid;
    this.perf = perf;
    this.stat = stat;
    this.statOut = statOut;
  }

  /** Starts recording {@code pid} for {@code durationMs}; null (and a note) if perf fails. */
  static PerfRecorder start(Path dir, String label, long pid, long durationMs) {
    Path data = dir.resolve("perf-" + label + ".data");
    List<String> command =
        List.of(
            "perf",
            "record",
            "-q",
            "-e",
            "cpu-clock",
            "-F",
            "1999",
            "-p",
            Long.toString(pid),
            "-o",
            data.toString(),
            "--",
            "sleep",
            String.format(java.util.Locale.ROOT, "%.3f", durationMs / 1000.0));
    Path statOut = dir.resolve("perf-" + label + "-syscalls.csv");
    List<String> statCommand = new java.util.ArrayList<>(List.of("perf", "stat", "-x", ","));
    for (String call : SYSCALLS) {
      statCommand.add("-e");
      statCommand.add("syscalls:sys_enter_" + call);
    }
    statCommand.addAll(
        List.of(
            "-o",
            statOut.toString(),
            "-p",
            Long.toString(pid),
            "--",
            "sleep",
            command.get(command.size() - 1)));
    try {
      Process perf =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("perf-" + label + ".log").toFile())
              .start();
      Process stat =
          new ProcessBuilder(statCommand)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("perf-" + label + "-stat.log").toFile())
              .start();
      return new PerfRecorder(data, pid, perf, stat, statOut);
    } catch (IOException e) {
      System.err.println("perf not started (" + e.getMessage() + "): no profile for " + label);
      return null;
    }
  }

  /**
   * Waits for the recording, writes the symbol map and the flat report; returns the report, with
   * system calls per message for {@code messages} messages.
   */
  String finish(int top, long messages) throws IOException, InterruptedException {
    String syscalls = syscalls(messages);
    if (!perf.waitFor(5, TimeUnit.MINUTES) || perf.exitValue() != 0) {
      perf.destroy();
      return "perf failed: see its log next to " + data + "\n";
    }
    run(List.of("jcmd", Long.toString(pid), "Compiler.perfmap"));
    String bySymbol =
        run(
            List.of(
                "perf",
                "report",
                "-i",
                data.toString(),
                "--stdio",
                "--no-children",
                "--sort",
                "comm,dso,sym",
                "--percent-limit",
                "0.7"));
    String byDso =
        run(
            List.of(
                "perf",
                "report",
                "-i",
                data.toString(),
                "--stdio",
                "--no-children",
                "--sort",
                "comm,dso",
                "--percent-limit",
                "1"));
    String report = syscalls + summary(byDso, top) + summary(bySymbol, top);
    Files.writeString(Path.of(data + ".txt"), report);
    return report;
  }

  /** "name count/message" for each counted system call, from perf stat's CSV. */
  private String syscalls(long messages) throws IOException, InterruptedException {
    if (!stat.waitFor(5, TimeUnit.MINUTES) || !Files.isRegularFile(statOut)) {
      stat.destroy();
      return "perf stat failed\n";
    }
    StringBuilder out = new StringBuilder("system calls per message:");
    for (String line : Files.readAllLines(statOut)) {
      String[] fields = line.split(",");
      if (fields.length > 2 && fields[2].startsWith("syscalls:sys_enter_")) {
        try {
          double perMessage = Long.parseLong(fields[0]) / (double) Math.max(1, messages);
          if (perMessage >= 0.0005) {
            out.append(
                String.format(
                    java.util.Locale.ROOT,
                    " %s %.3f",
                    fields[2].substring("syscalls:sys_enter_".length()),
                    perMessage));
          }
        } catch (NumberFormatException notCounted) {
          // "<not counted>" or "<not supported>": leave it out
        }
      }
    }
    return out.append("\n\n").toString();
  }

  private static String summary(String perfReport, int top) {
    StringBuilder out = new StringBuilder();
    int lines = 0;
    for (String line : perfReport.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      out.append(line.stripTrailing()).append('\n');
      if (++lines == top) {
        break;
      }
    }
    return out.append('\n').toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return output;
  }
}
