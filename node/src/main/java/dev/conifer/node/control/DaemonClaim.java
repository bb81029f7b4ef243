package dev.conifer.node.control;

import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's ownership of its data directory: the {@link DataDirLock} for its whole life and the
 * {@link DaemonRecord} CLI commands read to find its control API. Closing removes the record and
 * drops the lock (a crash drops the lock too; the next reader removes the stale record).
 */
public final class DaemonClaim implements AutoCloseable {
  /** A CLI command may hold the lock for a moment; a starting daemon waits that long for it. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Logger LOG = LoggerFactory.getLogger(DaemonClaim.class);

  private final Path dir;
  private final DataDirLock lock;
  private boolean published;

  private DaemonClaim(Path dir, DataDirLock lock) {
    this.dir = dir;
    this.lock = lock;
  }

  /** Locks {@code dir}; another running node there is a {@link UserException} naming it. */
  public static DaemonClaim acquire(Path dir) {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    try {
      while (true) {
        DataDirLock lock = DataDirLock.tryAcquire(dir);
        if (lock != null) {
          if (DaemonRecord.delete(dir)) {
            LOG.info("removed a stale daemon record in {} (its node is gone)", dir);
          }
          return new DaemonClaim(dir, lock);
        }
        DaemonRecord other = DaemonRecord.read(dir);
        if (other != null) {
          throw new UserException(
              "--data "
                  + dir
                  + " is in use by a running node (pid "
                  + other.pid()
                  + (other.admin() == null ? "" : ", admin " + other.admin())
                  + "); stop it first or use another --data");
        }
        if (System.nanoTime() > deadline) {
          throw new UserException(
              "--data " + dir + " is locked by another conifer process; try again when it is done");
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UserException("--data " + dir + ": cannot lock it: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("--data " + dir + ": interrupted while waiting for its lock", e);
    }
  }

  /** Writes the record: {@code admin} null when the admin server is off. */
  public void publish(InetSocketAddress admin, Path tokenFile) {
    DaemonRecord record =
        new DaemonRecord(
            ProcessHandle.current().pid(),
            admin == null ? null : HostPort.format(admin),
            tokenFile == null ? null : tokenFile.toAbsolutePath().toString(),
            System.currentTimeMillis());
    try {
      record.write(dir);
      published = true;
    } catch (IOException e) {
      throw new UserException("--data " + dir + ": cannot write " + DaemonRecord.FILE_NAME, e);
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      if (published) {
        DaemonRecord.delete(dir);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove {} in {}: {}", DaemonRecord.FILE_NAME, dir, e.toString());
    }
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("cannot release the lock on {}: {}", dir, e.toString());
    }
  }
}
