package dev.conifer.node.control;

import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a CLI command reaches a data directory's state (DESIGN.md, "The daemon owns its data
 * directory"): through the running daemon's control API when one owns it ({@link #daemon()} is not
 * null), else directly, holding the directory's lock until {@link #close()} so that no daemon
 * starts writing the same files meanwhile.
 */
public final class DataDirAccess implements AutoCloseable {
  /** A daemon that is starting holds the lock before it writes its record. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Logger LOG = LoggerFactory.getLogger(DataDirAccess.class);

  private final ControlClient daemon;
  private final DataDirLock lock;

  private DataDirAccess(ControlClient daemon, DataDirLock lock) {
    this.daemon = daemon;
    this.lock = lock;
  }

  /** Finds who owns {@code dir} (which must exist); see the class comment. */
  public static DataDirAccess open(Path dir) {
    long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
    try {
      while (true) {
        DataDirLock lock = DataDirLock.tryAcquire(dir);
        if (lock != null) {
          DaemonRecord stale = DaemonRecord.read(dir);
          if (stale != null) {
            DaemonRecord.delete(dir);
            LOG.info(
                "removed a stale daemon record in {}: pid {} no longer runs a node there",
                dir,
                stale.pid());
          }
          return new DataDirAccess(null, lock);
        }
        DaemonRecord record = DaemonRecord.read(dir);
        if (record != null) {
          return new DataDirAccess(client(dir, record), null);
        }
        if (System.nanoTime() > deadline) {
          throw new UserException(
              "--data " + dir + " is locked by another conifer process that is not a node");
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UserException("--data " + dir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while waiting for --data " + dir, e);
    }
  }

  /**
   * The control API of the daemon running on {@code dir}, or null if none runs there. Reads only:
   * creates nothing in {@code dir} and does not hold its lock.
   */
  public static ControlClient daemonOf(Path dir) {
    if (!Files.exists(dir.resolve(DataDirLock.FILE_NAME))) {
      return null;
    }
    try (DataDirAccess access = open(dir)) {
      return access.daemon();
    }
  }

  private static ControlClient client(Path dir, DaemonRecord record) throws IOException {
    String who = "the node running on " + dir + " (pid " + record.pid() + ")";
    if (record.admin() == null) {
      throw new UserException(
          who + " runs with --admin off, so commands cannot reach it; restart it with --admin");
    }
    String token = null;
    if (record.tokenFile() != null) {
      Path file = Path.of(record.tokenFile());
      if (!Files.isReadable(file)) {
        throw new UserException(
            "cannot read " + who + "'s control token " + file + "; run as the node's user");
      }
      token = ControlToken.read(file);
    }
    return new ControlClient(HostPort.parse("admin", record.admin()), token, who);
  }

  /**
   * Runs {@code remote} against the daemon that owns {@code dir}; with none running, {@code local}
   * on the files, holding the directory's lock meanwhile.
   */
  public static <T> T either(Path dir, Function<ControlClient, T> remote, Supplier<T> local) {
    try (DataDirAccess access = open(dir)) {
      if (access.daemon() != null) {
        return remote.apply(access.daemon());
      }
      return local.get();
    }
  }

  /** The running daemon's control API, or null when this command works on the files. */
  public ControlClient daemon() {
    return daemon;
  }

  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.warn("cannot release the data directory lock: {}", e.toString());
      }
    }
  }
}
