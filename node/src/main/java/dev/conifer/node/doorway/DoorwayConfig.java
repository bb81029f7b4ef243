package dev.conifer.node.doorway;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Limits of the doorway (docs/DOORWAY.md lists them with their defaults).
 *
 * @param bind where browsers connect
 * @param workers responses being produced at once (each may stream a blob from holders)
 * @param queue requests waiting for a worker; beyond it: 503 with Retry-After
 * @param connectionsMax open connections; more are closed at once
 * @param blobLengthMax the largest blob served (403 beyond)
 * @param requestsPerSecond sustained requests per client address (429 beyond)
 * @param burst requests a client address may make at once before the rate applies
 * @param headerLengthMax bytes of request headers (431 beyond)
 * @param requestTimeout a connection that has not sent a whole request head by then is closed (slow
 *     clients; also idle keep-alive)
 * @param writeTimeout a response write that makes no progress for this long closes the connection
 * @param holdersMax holders asked at once for one blob
 * @param probeTimeout how long a miss waits for a holder to prove the blob's size
 */
public record DoorwayConfig(
    InetSocketAddress bind,
    int workers,
    int queue,
    int connectionsMax,
    long blobLengthMax,
    double requestsPerSecond,
    int burst,
    int headerLengthMax,
    Duration requestTimeout,
    Duration writeTimeout,
    int holdersMax,
    Duration probeTimeout) {
  public static final long BLOB_LENGTH_MAX_DEFAULT = 4L << 30;

  public DoorwayConfig {
    if (workers < 1
        || queue < 0
        || connectionsMax < 1
        || blobLengthMax < 0
        || requestsPerSecond <= 0
        || burst < 1
        || headerLengthMax < 1024
        || holdersMax < 1) {
      throw new IllegalArgumentException("doorway limits must be positive");
    }
  }

  /** The defaults for a family or community doorway on {@code bind}. */
  public static DoorwayConfig defaults(InetSocketAddress bind) {
    return new DoorwayConfig(
        bind,
        16,
        64,
        1024,
        BLOB_LENGTH_MAX_DEFAULT,
        20,
        60,
        8192,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        8,
        Duration.ofSeconds(10));
  }

  public DoorwayConfig withBlobLengthMax(long max) {
    return new DoorwayConfig(
        bind,
        workers,
        queue,
        connectionsMax,
        max,
        requestsPerSecond,
        burst,
        headerLengthMax,
        requestTimeout,
        writeTimeout,
        holdersMax,
        probeTimeout);
  }

  public DoorwayConfig withRate(double perSecond, int burstMax) {
    return new DoorwayConfig(
        bind,
        workers,
        queue,
        connectionsMax,
        blobLengthMax,
        perSecond,
        burstMax,
        headerLengthMax,
        requestTimeout,
        writeTimeout,
        holdersMax,
        probeTimeout);
  }

  public DoorwayConfig withWorkers(int workerCount, int queueLength) {
    return new DoorwayConfig(
        bind,
        workerCount,
        queueLength,
        connectionsMax,
        blobLengthMax,
        requestsPerSecond,
        burst,
        headerLengthMax,
        requestTimeout,
        writeTimeout,
        holdersMax,
        probeTimeout);
  }

  public DoorwayConfig withRequestTimeout(Duration timeout) {
    return new DoorwayConfig(
        bind,
        workers,
        queue,
        connectionsMax,
        blobLengthMax,
        requestsPerSecond,
        burst,
        headerLengthMax,
        timeout,
        writeTimeout,
        holdersMax,
        probeTimeout);
  }
}
