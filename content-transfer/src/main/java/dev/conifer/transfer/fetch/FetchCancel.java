package dev.conifer.transfer.fetch;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a streaming read from outside: the HTTP side cancels when its client goes away, which
 * closes every holder stream registered here, so a blocked read fails at once instead of fetching
 * bytes nobody will receive. Thread-safe; cancelling twice does nothing more.
 */
public final class FetchCancel implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private boolean cancelled;

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Cancels, closing everything registered. */
  public void cancel() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toClose = new ArrayList<>(open);
      open.clear();
    }
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        // a stream that fails to close is as stopped as it gets
      }
    }
  }

  @Override
  public void close() {
    cancel();
  }

  /** Closes {@code resource} on cancel; if already cancelled, closes it now and throws. */
  void register(AutoCloseable resource) throws BlobsException {
    synchronized (this) {
      if (!cancelled) {
        open.add(resource);
        return;
      }
    }
    try {
      resource.close();
    } catch (Exception e) {
      // see cancel()
    }
    throw new BlobsException(BlobsError.IO, "cancelled");
  }

  synchronized void unregister(AutoCloseable resource) {
    open.remove(resource);
  }
}
