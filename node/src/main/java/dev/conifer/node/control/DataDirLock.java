package dev.conifer.node.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code conifer.lock} in it): held by a running daemon for
 * its whole life, and by a CLI command while it works on the files itself, so no two processes
 * write the same SQLite files. The operating system drops it when its process dies, so a crashed
 * daemon never leaves the directory locked.
 */
public final class DataDirLock implements AutoCloseable {
  public static final String FILE_NAME = "conifer.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code dir}, or returns null if another process (or this one) holds it. */
  public static DataDirLock tryAcquire(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirLock(channel, lock);
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // A node in this JVM (a test, an embedder) owns it: the same answer as another process.
    }
    channel.close();
    return null;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
