package dev.conifer.node.cli;

import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import dev.conifer.node.doorway.DoorwayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code conifer node}'s doorway flags (a picocli mixin), so each limit is also a config-file key
 * ({@code doorway-workers = 32}) and shown by {@code --print-config}. docs/DOORWAY.md lists them.
 * Durations are kept as text ({@code 10s}) so that {@code --print-config} prints what reads back.
 */
public final class DoorwayOptions {
  @Option(
      names = "--doorway",
      paramLabel = "HOST:PORT",
      description =
          "Serve blobs and published namespaces to browsers over HTTP on this address (off by"
              + " default; needs --data). Read-only, separate from --admin; see docs/DOORWAY.md.")
  String doorway;

  @Option(
      names = "--doorway-ns",
      paramLabel = "NS",
      description =
          "Publish namespace NS (name or key hex) on the doorway's /ns/ pages (repeatable);"
              + " besides the ones 'conifer sync ns publish' marks.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--doorway-max-blob",
      paramLabel = "BYTES",
      description = "The largest blob the doorway serves (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.BLOB_LENGTH_MAX_DEFAULT)
  long maxBlob;

  @Option(
      names = "--doorway-max-value",
      paramLabel = "BYTES",
      description =
          "The largest namespace value or document a doorway page shows (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.VALUE_LENGTH_MAX_DEFAULT)
  long maxValue;

  @Option(
      names = "--doorway-max-keys",
      paramLabel = "N",
      description = "The most keys one namespace page lists (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.KEYS_MAX_DEFAULT)
  int maxKeys;

  @Option(
      names = "--doorway-workers",
      paramLabel = "N",
      description = "Doorway responses produced at once (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.WORKERS_DEFAULT)
  int workers;

  @Option(
      names = "--doorway-queue",
      paramLabel = "N",
      description =
          "Doorway requests waiting for a worker; beyond it 503 (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.QUEUE_DEFAULT)
  int queue;

  @Option(
      names = "--doorway-connections",
      paramLabel = "N",
      description = "Open doorway connections at most (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.CONNECTIONS_MAX_DEFAULT)
  int connections;

  @Option(
      names = "--doorway-rate",
      paramLabel = "PER_SECOND",
      description = "Requests per second per client address; beyond it 429 (default: 20).",
      defaultValue = "20")
  double rate;

  @Option(
      names = "--doorway-burst",
      paramLabel = "N",
      description = "Requests a client address may make at once (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.BURST_DEFAULT)
  int burst;

  @Option(
      names = "--doorway-max-header",
      paramLabel = "BYTES",
      description = "Request header bytes; beyond it 431 (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.HEADER_LENGTH_MAX_DEFAULT)
  int maxHeader;

  @Option(
      names = "--doorway-request-timeout",
      paramLabel = "DURATION",
      description =
          "Time to send a request head, also idle keep-alive (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String requestTimeout;

  @Option(
      names = "--doorway-write-timeout",
      paramLabel = "DURATION",
      description = "A response write without progress closes (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String writeTimeout;

  @Option(
      names = "--doorway-holders",
      paramLabel = "N",
      description = "Holders probed at once for a blob (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DoorwayConfig.HOLDERS_MAX_DEFAULT)
  int holders;

  @Option(
      names = "--doorway-probe-timeout",
      paramLabel = "DURATION",
      description =
          "How long a miss waits for a holder to prove a size (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String probeTimeout;

  public DoorwayOptions() {}

  boolean enabled() {
    return doorway != null;
  }

  /** The doorway's configuration; every bad value is a {@link UserException} naming its flag. */
  DoorwayConfig toConfig() {
    nonNegative("--doorway-max-blob", maxBlob);
    nonNegative("--doorway-max-value", maxValue);
    positive("--doorway-max-keys", maxKeys);
    positive("--doorway-workers", workers);
    nonNegative("--doorway-queue", queue);
    positive("--doorway-connections", connections);
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new UserException("--doorway-rate: must be a positive number: " + rate);
    }
    positive("--doorway-burst", burst);
    if (maxHeader < 1024) {
      throw new UserException("--doorway-max-header: must be at least 1024: " + maxHeader);
    }
    positive("--doorway-holders", holders);
    return new DoorwayConfig.Builder(DoorwayConfig.defaults(HostPort.parse("--doorway", doorway)))
        .namespaces(namespaces)
        .blobLengthMax(maxBlob)
        .pages(maxValue, maxKeys)
        .workers(workers, queue)
        .connectionsMax(connections)
        .rate(rate, burst)
        .headerLengthMax(maxHeader)
        .timeouts(
            duration("--doorway-request-timeout", requestTimeout),
            duration("--doorway-write-timeout", writeTimeout))
        .holders(holders, duration("--doorway-probe-timeout", probeTimeout))
        .build();
  }

  private static void nonNegative(String flag, long value) {
    if (value < 0) {
      throw new UserException(flag + ": must not be negative: " + value);
    }
  }

  private static void positive(String flag, long value) {
    if (value < 1) {
      throw new UserException(flag + ": must be at least 1: " + value);
    }
  }

  private static Duration duration(String flag, String text) {
    Duration d;
    try {
      d = new DurationConverter().convert(text);
    } catch (TypeConversionException e) {
      throw new UserException(flag + ": " + e.getMessage(), e);
    }
    if (d.isZero()) {
      throw new UserException(flag + ": must be longer than zero: " + text);
    }
    return d;
  }
}
