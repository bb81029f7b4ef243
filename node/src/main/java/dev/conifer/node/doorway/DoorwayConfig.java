package dev.conifer.node.doorway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Limits of the doorway (docs/DOORWAY.md lists them with their defaults, their flags and config
 * keys).
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
 * @param namespaces the namespaces this doorway publishes by the operator's configuration (name or
 *     key hex), besides the ones sync marks published
 * @param valueLengthMax the largest namespace value or document served (403 beyond)
 * @param keysMax the most keys one namespace page lists
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
    Duration probeTimeout,
    List<String> namespaces,
    long valueLengthMax,
    int keysMax) {
  public static final long BLOB_LENGTH_MAX_DEFAULT = 4L << 30;
  public static final int WORKERS_DEFAULT = 16;
  public static final int QUEUE_DEFAULT = 64;
  public static final int CONNECTIONS_MAX_DEFAULT = 1024;
  public static final double REQUESTS_PER_SECOND_DEFAULT = 20;
  public static final int BURST_DEFAULT = 60;
  public static final int HEADER_LENGTH_MAX_DEFAULT = 8192;
  public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
  public static final Duration WRITE_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
  public static final int HOLDERS_MAX_DEFAULT = 8;
  public static final Duration PROBE_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
  public static final long VALUE_LENGTH_MAX_DEFAULT = 8L << 20;
  public static final int KEYS_MAX_DEFAULT = 1000;

  public DoorwayConfig {
    namespaces = List.copyOf(namespaces);
    if (workers < 1
        || queue < 0
        || connectionsMax < 1
        || blobLengthMax < 0
        || !(requestsPerSecond > 0)
        || burst < 1
        || headerLengthMax < 1024
        || holdersMax < 1
        || valueLengthMax < 0
        || keysMax < 1) {
      throw new IllegalArgumentException("doorway limits must be positive");
    }
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || writeTimeout.isNegative()
        || writeTimeout.isZero()
        || probeTimeout.isNegative()
        || probeTimeout.isZero()) {
      throw new IllegalArgumentException("doorway timeouts must be positive");
    }
  }

  /** The defaults for a family or community doorway on {@code bind}. */
  public static DoorwayConfig defaults(InetSocketAddress bind) {
    return new DoorwayConfig(
        bind,
        WORKERS_DEFAULT,
        QUEUE_DEFAULT,
        CONNECTIONS_MAX_DEFAULT,
        BLOB_LENGTH_MAX_DEFAULT,
        REQUESTS_PER_SECOND_DEFAULT,
        BURST_DEFAULT,
        HEADER_LENGTH_MAX_DEFAULT,
        REQUEST_TIMEOUT_DEFAULT,
        WRITE_TIMEOUT_DEFAULT,
        HOLDERS_MAX_DEFAULT,
        PROBE_TIMEOUT_DEFAULT,
        List.of(),
        VALUE_LENGTH_MAX_DEFAULT,
        KEYS_MAX_DEFAULT);
  }

  public DoorwayConfig withBlobLengthMax(long max) {
    return new Builder(this).blobLengthMax(max).build();
  }

  public DoorwayConfig withRate(double perSecond, int burstMax) {
    return new Builder(this).rate(perSecond, burstMax).build();
  }

  public DoorwayConfig withWorkers(int workerCount, int queueLength) {
    return new Builder(this).workers(workerCount, queueLength).build();
  }

  public DoorwayConfig withRequestTimeout(Duration timeout) {
    return new Builder(this).timeouts(timeout, writeTimeout).build();
  }

  public DoorwayConfig withNamespaces(List<String> published) {
    return new Builder(this).namespaces(published).build();
  }

  /** A changed copy; the record's checks run at {@link #build}. */
  public static final class Builder {
    private InetSocketAddress bind;
    private int workers;
    private int queue;
    private int connectionsMax;
    private long blobLengthMax;
    private double requestsPerSecond;
    private int burst;
    private int headerLengthMax;
    private Duration requestTimeout;
    private Duration writeTimeout;
    private int holdersMax;
    private Duration probeTimeout;
    private List<String> namespaces;
    private long valueLengthMax;
    private int keysMax;

    public Builder(DoorwayConfig c) {
      bind = c.bind;
      workers = c.workers;
      queue = c.queue;
      connectionsMax = c.connectionsMax;
      blobLengthMax = c.blobLengthMax;
      requestsPerSecond = c.requestsPerSecond;
      burst = c.burst;
      headerLengthMax = c.headerLengthMax;
      requestTimeout = c.requestTimeout;
      writeTimeout = c.writeTimeout;
      holdersMax = c.holdersMax;
      probeTimeout = c.probeTimeout;
      namespaces = c.namespaces;
      valueLengthMax = c.valueLengthMax;
      keysMax = c.keysMax;
    }

    public Builder workers(int count, int queueLength) {
      workers = count;
      queue = queueLength;
      return this;
    }

    public Builder connectionsMax(int max) {
      connectionsMax = max;
      return this;
    }

    public Builder blobLengthMax(long max) {
      blobLengthMax = max;
      return this;
    }

    public Builder rate(double perSecond, int burstMax) {
      requestsPerSecond = perSecond;
      burst = burstMax;
      return this;
    }

    public Builder headerLengthMax(int max) {
      headerLengthMax = max;
      return this;
    }

    public Builder timeouts(Duration request, Duration write) {
      requestTimeout = request;
      writeTimeout = write;
      return this;
    }

    public Builder holders(int max, Duration timeout) {
      holdersMax = max;
      probeTimeout = timeout;
      return this;
    }

    public Builder namespaces(List<String> published) {
      namespaces = published;
      return this;
    }

    public Builder pages(long valueMax, int keys) {
      valueLengthMax = valueMax;
      keysMax = keys;
      return this;
    }

    public DoorwayConfig build() {
      return new DoorwayConfig(
          bind,
          workers,
          queue,
          connectionsMax,
          blobLengthMax,
          requestsPerSecond,
          burst,
          headerLengthMax,
          requestTimeout,
          writeTimeout,
          holdersMax,
          probeTimeout,
          namespaces,
          valueLengthMax,
          keysMax);
    }
  }
}
